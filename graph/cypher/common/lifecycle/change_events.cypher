// 第十二条: change events with each affected item and whether it was updated since.
MATCH (c:ChangeEvent)-[:AFFECTS]->(i:CatalogItem)
WHERE $providerCode IS NULL OR i.providerCode = $providerCode
WITH c, collect(i {.id, .name, .providerCode, updated: i.updatedAt > c.createdAt}) AS items
RETURN c {.*} AS event, items
ORDER BY event.dueAt
LIMIT $limit
