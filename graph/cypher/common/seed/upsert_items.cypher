// Catalog items with their provider; `props` holds the 第九条 fields and the search tokens.
UNWIND $rows AS row
MATCH (d:Department {code: row.providerCode})
MERGE (i:CatalogItem {id: row.id})
SET i += row.props
MERGE (d)-[:PROVIDES]->(i)
