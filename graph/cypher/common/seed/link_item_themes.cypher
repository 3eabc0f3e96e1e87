UNWIND $rows AS row
MATCH (i:CatalogItem {id: row.itemId})
MATCH (t:Theme {code: row.themeCode})
MERGE (i)-[:IN_THEME]->(t)
