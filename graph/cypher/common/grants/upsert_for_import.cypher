// Imports grants (a migration from another platform, or a test's set-up through a real
// statement): one row per grant, keyed by id, linked to its item and consumer department.
// Rows hold the stored facts: id, itemId, consumerCode, grantedAt, expiresAt, lastUsedAt,
// revokedAt, reinstatedAt, status … (instants as ISO UTC strings).
UNWIND $rows AS row
MATCH (i:CatalogItem {id: row.itemId})
MATCH (c:Department {code: row.consumerCode})
MERGE (g:Grant {id: row.id})
SET g += row, g.providerCode = i.providerCode, g.itemName = i.name
MERGE (g)-[:ON]->(i)
MERGE (g)-[:TO]->(c)
RETURN count(g) AS imported
