// 第三十二条: the provider answers a feedback report (once), late if after its due instant.
MATCH (f:Feedback {id: $id})
SET f.touchedAt = $now
WITH f
WHERE f.status = 'OPEN' AND f.providerCode = $providerCode
SET f.status = 'ANSWERED', f.answer = $answer, f.corrected = $corrected,
    f.answeredAt = $now, f.answeredBy = $actor, f.late = $now > f.dueAt
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH f, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN f {.*} AS feedback
