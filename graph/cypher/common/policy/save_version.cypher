// Saves policy version N+1 only while N ($expectedVersion) is still the active version:
// of two admins saving at once, one wins and the other gets no row (a conflict). On Neo4j
// the unique key on PolicyVersion.version refuses a second N+1 from a concurrent save.
// With no version stored yet, the shipped files are version 1: they are stored too, in
// the same statement, so history and restore can show them (savedAt stays empty: nobody
// saved them; storedAt says when they were put in the graph).
OPTIONAL MATCH (v:PolicyVersion)
WITH coalesce(max(v.version), 0) AS stored
WITH stored, CASE stored WHEN 0 THEN 1 ELSE stored END AS active
WHERE active = $expectedVersion
FOREACH (first IN CASE WHEN stored = 0 THEN [1] ELSE [] END |
  CREATE (:PolicyVersion {
    version: first, model: $baseModel, policy: $basePolicy, rules: $baseRules,
    author: $baseAuthor, reason: $baseReason, storedAt: $now
  })
)
CREATE (n:PolicyVersion {
  version: active + 1, model: $model, policy: $policy, rules: $rules,
  author: $author, reason: $reason, savedAt: $now, basedOn: active
})
SET n.restoredFrom = $restoredFrom
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH n, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN n.version AS version
