// 第二十三条: the share scope (department codes) of each conditional item in a batch.
UNWIND $ids AS itemId
MATCH (:CatalogItem {id: itemId})-[:SHARED_WITH]->(d:Department)
RETURN itemId, collect(d.code) AS departmentCodes
