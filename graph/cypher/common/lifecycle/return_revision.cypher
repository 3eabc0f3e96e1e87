// 第十三条: the city authority returns an edit of a published item, with its comment; the
// published version stays as it was. Guarded on the revision still pending.
MATCH (i:CatalogItem {id: $itemId})
WHERE i.pendingRevisionId = $revisionId
MATCH (r:ItemRevision {id: $revisionId})
WHERE r.status = 'PENDING'
SET r.status = 'RETURNED', r.reviewedAt = $now, r.reviewedBy = $actor, r.reviewComment = $comment
REMOVE i.pendingRevisionId
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH r, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN r.id AS id
