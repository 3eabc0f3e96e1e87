// 数据项 with their data dictionary entries (第十条).
UNWIND $rows AS row
MATCH (i:CatalogItem {id: row.itemId})
MERGE (e:DataElement {id: row.id})
SET e += row
MERGE (i)-[:HAS_ELEMENT]->(e)
