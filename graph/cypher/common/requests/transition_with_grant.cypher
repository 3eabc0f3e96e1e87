// A step that ends in a grant (第二十九条, 第三十一条): the request's state changes and the
// grant is created in the same statement, guarded like requests/transition — and on the item's
// sharing decision as it is now (第二十二条, 第二十三条): its class and scope must still cover the
// consumer. The item's write lock is taken first, so an accepted revision that narrows the scope
// (lifecycle/update_item) and this grant are ordered: whichever comes second sees the other.
MATCH (r:AccessRequest {id: $id})
SET r.touchedAt = $now
WITH r
WHERE r.status = $fromStatus
MATCH (i:CatalogItem {id: r.itemId})
SET i.touchedAt = $now
WITH r, i
OPTIONAL MATCH (i)-[:SHARED_WITH]->(own:Department {code: r.consumerCode})
WITH r, i, count(own) AS named
WHERE i.shareType = 'UNCONDITIONAL'
   OR (i.shareType = 'CONDITIONAL' AND (coalesce(i.shareScopeAll, false) OR named > 0))
MATCH (c:Department {code: r.consumerCode})
SET r += $changes, r.status = 'GRANTED', r.version = r.version + 1, r.grantId = $grant.id
CREATE (g:Grant)
SET g = $grant,
    g.requestId = r.id, g.itemId = r.itemId, g.itemName = r.itemName,
    g.consumerCode = r.consumerCode, g.providerCode = r.providerCode,
    g.elements = r.elements, g.purpose = r.purpose, g.scenario = r.scenario, g.applicant = r.applicant,
    g.expiresAt = r.requestedUntil
CREATE (g)-[:ON]->(i)
CREATE (g)-[:TO]->(c)
CREATE (r)-[:RESULTED_IN]->(g)
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH g, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN g.id AS grantId
