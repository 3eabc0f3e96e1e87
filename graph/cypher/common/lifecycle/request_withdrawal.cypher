// 第十九条: the provider asks to withdraw a published item. The item's write lock is taken first,
// so of many identical calls exactly one finds no pending request and creates one.
MATCH (i:CatalogItem {id: $itemId})
SET i.touchedAt = $now
WITH i
WHERE i.status = 'PUBLISHED' AND NOT (:WithdrawalRequest {status: 'PENDING'})-[:TO_WITHDRAW]->(i)
CREATE (w:WithdrawalRequest)
SET w = $request, w.itemName = i.name, w.providerCode = i.providerCode, w.regionCode = i.regionCode,
    w.status = 'PENDING'
CREATE (w)-[:TO_WITHDRAW]->(i)
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH w, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN w {.*} AS request
