// Records use of grants (第三十一条 idle rule) without a write on every call: a grant's
// lastUsedAt moves only if it is older than the caller's threshold (an hour by default).
UNWIND $touches AS touch
MATCH (g:Grant {id: touch.id})
WHERE g.lastUsedAt IS NULL OR g.lastUsedAt < touch.before
SET g.lastUsedAt = touch.at
RETURN count(g) AS touched
