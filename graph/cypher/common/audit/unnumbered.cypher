// 第三十八条: event nodes without an integer sequence number were not written by the server
// (every write numbers its event): `mulu audit verify` reports them as inserted.
MATCH (e:AuditEvent)
WHERE e.seq IS NULL OR NOT toInteger(e.seq) = e.seq
RETURN count(e) AS unnumbered
