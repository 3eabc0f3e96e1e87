// 第十八条: the provider records that the data itself was updated.
MATCH (i:CatalogItem {id: $itemId, providerCode: $providerCode, status: 'PUBLISHED'})
SET i.dataUpdatedAt = $at, i.dataUpdatedBy = $actor
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH i, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN i.id AS id
