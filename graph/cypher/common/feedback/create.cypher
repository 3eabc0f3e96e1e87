// 第三十二条: a consumer holding a grant reports doubtful or wrong data; the provider must
// verify and correct within 5 working days.
MATCH (i:CatalogItem {id: $feedback.itemId})
CREATE (f:Feedback)
SET f = $feedback, f.providerCode = i.providerCode, f.itemName = i.name, f.status = 'OPEN'
CREATE (f)-[:ABOUT]->(i)
RETURN f.id AS id
