// Published items with their share class and conditional scope (第二十二条, 第二十三条), a
// page at a time in id order, for a policy dry run of who may apply for what.
MATCH (i:CatalogItem)
WHERE i.status = 'PUBLISHED' AND i.id > $after
WITH i
ORDER BY i.id
LIMIT $limit
OPTIONAL MATCH (i)-[:SHARED_WITH]->(s:Department)
WITH i, collect(s.code) AS scope
RETURN i {.id, .providerCode, .shareType, .status} AS item, scope
ORDER BY item.id
