// 第三十一条: the provider or the authority revokes a grant, with a reason. Guarded: a grant
// already revoked is not revoked again.
MATCH (g:Grant {id: $id})
SET g.touchedAt = $now
WITH g
WHERE g.revokedAt IS NULL
SET g.revokedAt = $now, g.revokedBy = $actor, g.revokeReason = $reason
RETURN g.id AS id
