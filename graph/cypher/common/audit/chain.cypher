// 第三十八条: the chainer links events by hash in sequence order (neither engine hashes inside
// Cypher). The log's write lock is taken first and the guard compares how far the chain had got
// when the hashes were computed, so of two chainers (two server processes) one writes; a hash,
// once set, is never replaced (e.hash IS NULL). Nothing else about an event changes.
MATCH (log:AuditLog {key: 'audit'})
SET log.chainLockedAt = $now
WITH log
WHERE coalesce(log.chainedSeq, 0) = $fromSeq
SET log.chainedSeq = $toSeq, log.chainedHash = $toHash
WITH log
UNWIND $links AS link
OPTIONAL MATCH (e:AuditEvent {seq: link.seq})
WHERE e.hash IS NULL
FOREACH (_ IN CASE WHEN e IS NULL THEN [] ELSE [1] END | SET e.hash = link.hash)
WITH log, count(e) AS chained
RETURN chained
