UNWIND $rows AS row
MATCH (i:CatalogItem {id: row.itemId})
MATCH (b:Database {code: row.databaseCode})
MERGE (i)-[:IN_DATABASE]->(b)
