// 第三十一条: the provider or the authority revokes a grant, with a reason. The write lock is
// taken first; guarded: a grant already revoked is not revoked again.
MATCH (g:Grant {id: $id})
SET g.touchedAt = $now
WITH g
WHERE g.revokedAt IS NULL
SET g.revokedAt = $now, g.revokedBy = $actor, g.revokeReason = $reason, g.version = coalesce(g.version, 0) + 1
RETURN g.id AS id
