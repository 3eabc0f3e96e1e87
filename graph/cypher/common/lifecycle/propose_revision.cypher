// 第十三条: an edit of a published item is kept as a pending revision; the published version
// stays in force (search, detail, authorize) until the city authority accepts it. Guarded on the
// version the editor started from and on no other revision pending: of two editors, the second
// finds no row (a conflict).
MATCH (i:CatalogItem {id: $itemId})
WHERE i.status = 'PUBLISHED' AND i.version = $expectedVersion AND i.pendingRevisionId IS NULL
CREATE (r:ItemRevision)
SET r = $revision
CREATE (r)-[:REVISES]->(i)
SET i.pendingRevisionId = r.id, i.editors = CASE WHEN $actor IN coalesce(i.editors, []) THEN i.editors
                                                 ELSE coalesce(i.editors, []) + $actor END
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH r, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN r.id AS id
