// 第三十一条: the provider or the authority revokes a grant, with a reason. The write lock is
// taken first; guarded: a grant revoked (and not reinstated since) is not revoked again, and the
// grant is as the decision saw it ($version: every revocation and reinstatement moves it). A
// reinstated grant keeps its last revocation (revokedAt before reinstatedAt); the audit event of
// each revocation keeps the earlier ones (第三十八条: no history is erased).
MATCH (g:Grant {id: $id})
SET g.touchedAt = $now
WITH g
WHERE (g.revokedAt IS NULL OR g.reinstatedAt >= g.revokedAt) AND coalesce(g.version, 0) = $version
SET g.revokedAt = $now, g.revokedBy = $actor, g.revokedByDepartment = $department, g.revokeReason = $reason,
    g.version = coalesce(g.version, 0) + 1
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH g, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN g.id AS id
