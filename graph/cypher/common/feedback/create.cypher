// 第三十二条: a consumer holding a grant reports doubtful or wrong data; the provider must
// verify and correct within 5 working days. The item's write lock is taken first; a duplicate —
// the same department reporting the same words on the item while its earlier report is still
// open — is refused (no row).
MATCH (i:CatalogItem {id: $feedback.itemId})
SET i.touchedAt = $feedback.createdAt
WITH i
OPTIONAL MATCH (open:Feedback {itemId: i.id, consumerCode: $feedback.consumerCode, status: 'OPEN'})
WHERE open.description = $feedback.description
WITH i, count(open) AS duplicates
WHERE duplicates = 0
CREATE (f:Feedback)
SET f = $feedback, f.providerCode = i.providerCode, f.itemName = i.name, f.status = 'OPEN'
CREATE (f)-[:ABOUT]->(i)
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH f, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN f.id AS id
