// 第三十二条: the provider answers a feedback report (once), late if after its due instant.
MATCH (f:Feedback {id: $id})
SET f.touchedAt = $now
WITH f
WHERE f.status = 'OPEN' AND f.providerCode = $providerCode
SET f.status = 'ANSWERED', f.answer = $answer, f.corrected = $corrected,
    f.answeredAt = $now, f.answeredBy = $actor, f.late = $now > f.dueAt
RETURN f {.*} AS feedback
