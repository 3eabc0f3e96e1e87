// 第十三条: the authority accepts a submitted item: in this one statement the item's write lock is
// taken, the guard checked, the department's next sequence number allocated and the catalog
// code written (prefix, the sequence zero-padded to $codeWidth, suffix: server/domain/coding.py
// CodeTemplate). A reviewer who loses the race finds no row and allocates no number, so codes
// are never burnt or handed out twice.
MATCH (i:CatalogItem {id: $id})
SET i.touchedAt = $now
WITH i
WHERE i.status = 'SUBMITTED' AND i.code IS NULL
MERGE (s:CodeSequence {key: $sequenceKey})
ON CREATE SET s.value = 0
SET s.value = s.value + 1
WITH i, toString(s.value) AS sequence
SET i += $changes, i.status = 'PUBLISHED',
    i.code = $codePrefix
             + CASE WHEN size(sequence) < $codeWidth THEN substring('0000000000', 0, $codeWidth - size(sequence)) ELSE '' END
             + sequence + $codeSuffix
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH i, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
SET event.targetCode = i.code
RETURN i.id AS id, i.code AS code
