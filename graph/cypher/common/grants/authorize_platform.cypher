// 第二十九条 整体授权: the provider authorizes conditional data wholesale to the platform, which
// then grants matching requests itself (still within the item's scope).
MATCH (i:CatalogItem {id: $itemId, providerCode: $providerCode, status: 'PUBLISHED'})
SET i.platformAuthorisedAt = $now, i.platformAuthorisedBy = $actor
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH i, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN i.id AS id
