// 第十二条: a law or duty changed for these items; their catalog must be updated within 15
// working days of its publication (dueAt, computed on the official calendar).
CREATE (c:ChangeEvent)
SET c = $event
WITH c
UNWIND $itemIds AS itemId
MATCH (i:CatalogItem {id: itemId})
CREATE (c)-[:AFFECTS]->(i)
RETURN DISTINCT c.id AS id
