// 第三十一条: the provider or the authority reinstates a revoked or idle grant; the idle clock
// restarts at reinstatement. Expiry is not lifted: renewal is a new request. The write lock is
// taken first and the guard compares the grant's version with the one the decision was made on
// (every revocation and reinstatement moves it), so of many identical calls exactly one reinstates.
// The revocation stays on the grant as history (第三十八条): a grant is revoked while its
// revokedAt is later than its reinstatedAt (server/domain/grants.py GrantFacts.revoked).
MATCH (g:Grant {id: $id})
SET g.touchedAt = $now
WITH g
WHERE g.expiresAt > $now AND coalesce(g.version, 0) = $version AND g.suspendedAt IS NULL
SET g.reinstatedAt = $now, g.reinstatedBy = $actor, g.reinstateReason = $reason,
    g.version = coalesce(g.version, 0) + 1
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH g, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN g.id AS id
