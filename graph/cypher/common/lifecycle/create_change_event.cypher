// 第十二条: a law or duty changed for these items; their catalog must be updated within 15
// working days of its publication (dueAt, computed on the official calendar). The items' write
// locks are taken first ($itemIds sorted, so two calls lock in one order); a duplicate — an event
// of the same description and publication date on any of these items — is refused (no row).
UNWIND $itemIds AS itemId
MATCH (i:CatalogItem {id: itemId})
SET i.touchedAt = $event.createdAt
WITH collect(i) AS items
OPTIONAL MATCH (same:ChangeEvent {description: $event.description, publishedOn: $event.publishedOn})-[:AFFECTS]->(other:CatalogItem)
WHERE other.id IN $itemIds
WITH items, count(same) AS duplicates
WHERE duplicates = 0 AND size(items) > 0
CREATE (c:ChangeEvent)
SET c = $event
WITH c, items
UNWIND items AS i
CREATE (c)-[:AFFECTS]->(i)
WITH DISTINCT c
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH c, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN DISTINCT c.id AS id
