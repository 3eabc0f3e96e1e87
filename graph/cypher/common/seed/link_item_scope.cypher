// 第二十三条: the departments a conditional item may be shared with.
UNWIND $rows AS row
MATCH (i:CatalogItem {id: row.itemId})
MATCH (d:Department {code: row.departmentCode})
MERGE (i)-[:SHARED_WITH]->(d)
