// 第三十八条: audit events in sequence order after $after (the chainer and `mulu audit verify`
// read the log a page at a time through the unique key on seq).
MATCH (e:AuditEvent)
WHERE e.seq > $after
RETURN e {.*} AS event
ORDER BY e.seq
LIMIT $limit
