// 第十二条: change events, soonest due first, one page at a time with their total, each with the
// affected items and whether each was updated since; only the items of the departments the
// caller may see ($providerCodes; null: every department), so an event none of whose items the
// caller may see is not listed. $id picks one event; $overdueOnly keeps the events past due
// ($now, an instant as stored) with an item not yet updated. An unpublished item counts only for
// the callers who may read drafts of its department ($draftProviderCodes; null: every department).
MATCH (c:ChangeEvent)-[:AFFECTS]->(i:CatalogItem)
WHERE ($id IS NULL OR c.id = $id) AND ($providerCodes IS NULL OR i.providerCode IN $providerCodes)
  AND (i.status = 'PUBLISHED' OR $draftProviderCodes IS NULL OR i.providerCode IN $draftProviderCodes)
WITH c, collect(i {.id, .name, .providerCode, updated: i.updatedAt > c.createdAt}) AS items
WITH c, items, any(item IN items WHERE NOT item.updated) AND c.dueAt < $now AS overdue
WHERE NOT $overdueOnly OR overdue
WITH c, items
ORDER BY c.dueAt, c.id
WITH collect({event: c {.*}, items: items}) AS events
RETURN size(events) AS total, events[$skip..$skip + $limit] AS events
