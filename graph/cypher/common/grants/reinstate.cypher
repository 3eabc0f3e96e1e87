// 第三十一条: the provider or the authority reinstates a revoked or idle grant; the idle clock
// restarts at reinstatement. Expiry is not lifted: renewal is a new request. The write lock is
// taken first and the guard compares the grant's version with the one the decision was made on
// (every revocation and reinstatement moves it), so of many identical calls exactly one reinstates.
MATCH (g:Grant {id: $id})
SET g.touchedAt = $now
WITH g
WHERE g.expiresAt > $now AND coalesce(g.version, 0) = $version
SET g.revokedAt = null, g.revokedBy = null, g.revokeReason = null,
    g.reinstatedAt = $now, g.reinstatedBy = $actor, g.reinstateReason = $reason,
    g.version = coalesce(g.version, 0) + 1
RETURN g.id AS id
