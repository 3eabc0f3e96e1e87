// One step of a request's life (第二十八条 to 第三十条), atomic on both engines: the node's
// write lock is taken (touchedAt) before its state is checked, so of two reviewers acting at
// once exactly one finds the expected state; the other gets no row (a conflict).
MATCH (r:AccessRequest {id: $id})
SET r.touchedAt = $now
WITH r
WHERE r.status = $fromStatus
SET r += $changes, r.status = $toStatus, r.version = r.version + 1
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH r, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN r.id AS id
