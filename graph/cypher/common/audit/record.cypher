// 第三十七条, 第三十八条: an audit event that no change of the graph carries (a backup taken or a
// snapshot restored by the `mulu` command): numbered one past the last under the log's write lock,
// like the tail of every change's statement, and chained by hash like any other.
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN seq
