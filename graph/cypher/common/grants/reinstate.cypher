// 第三十一条: the provider or the authority reinstates a revoked or idle grant; the idle clock
// restarts at reinstatement. Expiry is not lifted: renewal is a new request.
MATCH (g:Grant {id: $id})
WHERE g.expiresAt > $now
SET g.revokedAt = null, g.revokedBy = null, g.revokeReason = null,
    g.reinstatedAt = $now, g.reinstatedBy = $actor, g.reinstateReason = $reason
RETURN g.id AS id
