// Published items per department, own and with its subordinate units rolled up (第九条).
UNWIND $codes AS code
MATCH (d:Department {code: code})
OPTIONAL MATCH (d)-[:PROVIDES]->(own:CatalogItem {status: 'PUBLISHED'})
WITH d, count(own) AS ownCount
OPTIONAL MATCH (sub:Department)-[:SUBORDINATE_OF]->(d)
OPTIONAL MATCH (sub)-[:PROVIDES]->(subItem:CatalogItem {status: 'PUBLISHED'})
RETURN d.code AS code, ownCount, ownCount + count(subItem) AS totalCount
