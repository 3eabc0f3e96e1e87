// 第三十八条: the audit log's counters: the last sequence number handed out (seq) and how far the
// server's chainer has linked events by hash (chainedSeq, chainedHash). One point read.
OPTIONAL MATCH (log:AuditLog {key: 'audit'})
RETURN coalesce(log.seq, 0) AS allocated, coalesce(log.chainedSeq, 0) AS chainedSeq,
       coalesce(log.chainedHash, '') AS chainedHash
