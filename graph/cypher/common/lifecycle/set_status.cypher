// A review step on an item (submit, return with comments, withdraw), guarded on its state and
// version: two reviewers acting at once cannot both succeed.
MATCH (i:CatalogItem {id: $id})
SET i.touchedAt = $now
WITH i
WHERE i.status = $fromStatus AND ($expectedVersion IS NULL OR i.version = $expectedVersion)
SET i += $changes, i.status = $toStatus
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH i, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN i.id AS id, i.version AS version
