// 第十二条: change events with each affected item and whether it was updated since; only the
// items of the departments the caller may see ($providerCodes; null: every department).
MATCH (c:ChangeEvent)-[:AFFECTS]->(i:CatalogItem)
WHERE $providerCodes IS NULL OR i.providerCode IN $providerCodes
WITH c, collect(i {.id, .name, .providerCode, updated: i.updatedAt > c.createdAt}) AS items
RETURN c {.*} AS event, items
ORDER BY event.dueAt
LIMIT $limit
