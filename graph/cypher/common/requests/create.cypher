// 第二十六条: a department applies for a published item. The item's write lock is taken first;
// a duplicate — the same department asking for the same elements for the same purpose while an
// earlier application of theirs is still open ($openStatuses) — is refused (no row).
MATCH (i:CatalogItem {id: $itemId})
SET i.touchedAt = $now
WITH i
WHERE i.status = 'PUBLISHED'
MATCH (c:Department {code: $consumerCode})
OPTIONAL MATCH (c)-[:REQUESTED]->(open:AccessRequest)-[:FOR]->(i)
WHERE open.status IN $openStatuses AND open.elements = $request.elements AND open.purpose = $request.purpose
WITH i, c, count(open) AS duplicates
WHERE duplicates = 0
CREATE (r:AccessRequest)
SET r = $request,
    r.itemName = i.name, r.providerCode = i.providerCode, r.shareType = i.shareType,
    r.status = 'PENDING_REVIEW', r.version = 1
CREATE (c)-[:REQUESTED]->(r)
CREATE (r)-[:FOR]->(i)
SET i.requestCount = coalesce(i.requestCount, 0) + 1
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH r, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN r.id AS id
