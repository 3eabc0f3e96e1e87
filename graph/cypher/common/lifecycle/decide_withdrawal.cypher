// 第十九条: the authority approves (the item is withdrawn, the record kept; a county item is
// marked reported to the city) or rejects a withdrawal request. Guarded on both states. An
// approval ends the item's pending applications ($closing: those the decision's audit event
// names), never to be granted, and its edit awaiting review (第十三条), if any.
MATCH (w:WithdrawalRequest {id: $id})-[:TO_WITHDRAW]->(i:CatalogItem)
SET w.touchedAt = $now, i.touchedAt = $now
WITH w, i
WHERE w.status = 'PENDING' AND i.status = 'PUBLISHED'
SET w.status = CASE WHEN $approve THEN 'APPROVED' ELSE 'REJECTED' END,
    w.decidedAt = $now, w.decidedBy = $actor, w.comment = $comment,
    w.reportedToCityAt = CASE WHEN $approve AND w.regionCode <> $cityCode THEN $now ELSE null END
FOREACH (_ IN CASE WHEN $approve THEN [1] ELSE [] END |
  SET i.status = 'WITHDRAWN', i.withdrawnAt = $now, i.withdrawalReason = w.reason, i.withdrawalRequestId = w.id)
WITH w, i
OPTIONAL MATCH (revision:ItemRevision {id: coalesce(i.pendingRevisionId, '')})
WHERE $approve
FOREACH (r IN CASE WHEN revision IS NULL THEN [] ELSE [revision] END |
  SET r.status = 'ITEM_WITHDRAWN', r.reviewedAt = $now, r.reviewedBy = $actor, r.reviewComment = w.reason)
FOREACH (_ IN CASE WHEN $approve THEN [1] ELSE [] END | SET i.pendingRevisionId = null)
WITH w, i
OPTIONAL MATCH (r:AccessRequest)-[:FOR]->(i)
WHERE $approve AND r.id IN $closing AND r.status IN $openStatuses
WITH w, collect(r) AS closing
FOREACH (r IN closing |
  SET r.status = 'ITEM_WITHDRAWN', r.closedAt = $now, r.withdrawalRequestId = w.id, r.version = coalesce(r.version, 0) + 1)
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH w, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN w {.*} AS request
