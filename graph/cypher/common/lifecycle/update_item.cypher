// Saves an edit of an item, guarded on the version the editor started from: a second writer
// who started from the same version finds no row (a conflict) and nothing of theirs is saved.
// The previous content is kept as an ItemVersion (第十五条 to 第十八条: who, when, why).
// Elements keep their node (and 一数一源 links) when their code stays; removed ones go; a named
// source replaces the element's earlier one. Themes, database and scope are replaced in the same
// statement, so an edit is saved whole or not at all. An item placed in a database its provider
// does not lead finds no row either (第十四条: 基础库、主题库由牵头部门负责编目).
// A published item changes only by the city authority accepting its pending revision (第十三条,
// $revisionId): the revision is marked accepted, and every grant the new class or scope no longer
// covers is suspended in the same write (第二十二条, 第二十三条, 第三十一条: only a new review brings it back);
// $grantCount is how many grants the acceptance's audit event was written for: a grant given since
// finds no row (a conflict: review again), so the event names every grant the write suspends.
// Grants that ended already (expired) are left as they ended; open applications the change leaves
// out ($closing, named in the event) end as SHARING_CHANGED, never to be granted. No two items of a department share
// a name (第十一条): a rename onto another item's name finds no row either.
MATCH (i:CatalogItem {id: $id})
SET i.touchedAt = $now
WITH i
OPTIONAL MATCH (led:Database {code: coalesce($databaseCode, '')})
WHERE led.leadDepartmentCode = i.providerCode
WITH i, count(led) AS led
OPTIONAL MATCH (held:Grant {itemId: i.id})
WITH i, led, count(held) AS held
OPTIONAL MATCH (namesake:CatalogItem {providerCode: i.providerCode, name: $props.name})
WHERE namesake.id <> i.id
WITH i, led, held, count(namesake) AS namesakes
WHERE i.version = $expectedVersion AND namesakes = 0
  AND ($grantCount IS NULL OR held = $grantCount)
  AND ((i.status IN ['DRAFT', 'RETURNED'] AND $revisionId IS NULL)
       OR (i.status = 'PUBLISHED' AND i.pendingRevisionId = $revisionId))
  AND ($databaseCode IS NULL OR led > 0)
OPTIONAL MATCH (revision:ItemRevision {id: coalesce($revisionId, ''), status: 'PENDING'})
FOREACH (r IN CASE WHEN revision IS NULL THEN [] ELSE [revision] END |
  SET r.status = 'ACCEPTED', r.reviewedAt = $now, r.reviewedBy = $reviewer, r.reviewComment = $reviewComment)
SET i.pendingRevisionId = null
WITH i
CREATE (v:ItemVersion)
SET v = $previous
CREATE (v)-[:OF]->(i)
SET i += $props, i.version = i.version + 1,
    i.editors = CASE WHEN $actor IN coalesce(i.editors, []) THEN i.editors ELSE coalesce(i.editors, []) + $actor END
WITH i
UNWIND $elements AS element
MERGE (e:DataElement {id: element.props.id})
SET e += element.props
MERGE (i)-[:HAS_ELEMENT]->(e)
WITH i, e, element
OPTIONAL MATCH (source:DataElement {id: coalesce(element.sourceElementId, '')})
OPTIONAL MATCH (e)-[replaced:SOURCED_FROM]->(earlier:DataElement)
WHERE source IS NOT NULL AND earlier <> source
DELETE replaced
WITH i, e, source
FOREACH (_ IN CASE WHEN source IS NULL THEN [] ELSE [1] END | MERGE (e)-[:SOURCED_FROM]->(source))
WITH i, collect(DISTINCT e.id) AS kept
OPTIONAL MATCH (i)-[:HAS_ELEMENT]->(gone:DataElement)
WHERE NOT gone.id IN kept
DETACH DELETE gone
WITH DISTINCT i
OPTIONAL MATCH (i)-[old:IN_THEME|IN_DATABASE|SHARED_WITH]->()
DELETE old
WITH DISTINCT i
OPTIONAL MATCH (t:Theme) WHERE t.code IN $themeCodes
WITH i, collect(t) AS themes
OPTIONAL MATCH (b:Database {code: coalesce($databaseCode, '')})
WITH i, themes, collect(b) AS databases
OPTIONAL MATCH (s:Department) WHERE s.code IN $scope
WITH i, themes, databases, collect(s) AS scope
FOREACH (t IN themes | MERGE (i)-[:IN_THEME]->(t))
FOREACH (b IN databases | MERGE (i)-[:IN_DATABASE]->(b))
FOREACH (s IN scope | MERGE (i)-[:SHARED_WITH]->(s))
WITH DISTINCT i
OPTIONAL MATCH (g:Grant {itemId: i.id})
WHERE g.suspendedAt IS NULL AND g.expiresAt > $now
  AND (i.shareType = 'NOT_SHARED'
       OR (i.shareType = 'CONDITIONAL' AND NOT coalesce(i.shareScopeAll, false) AND NOT g.consumerCode IN $scope))
WITH i, collect(g) AS uncovered
FOREACH (g IN uncovered |
  SET g.suspendedAt = $now,
      g.suspendReason = CASE WHEN i.shareType = 'NOT_SHARED' THEN 'ITEM_NOT_SHARED' ELSE 'OUT_OF_SCOPE' END)
WITH DISTINCT i
// the applications of departments the new class or scope leaves out end ($closing: named in the event)
OPTIONAL MATCH (r:AccessRequest)-[:FOR]->(i)
WHERE r.id IN $closing AND r.status IN $openStatuses
WITH i, collect(r) AS closing
FOREACH (r IN closing |
  SET r.status = 'SHARING_CHANGED', r.closedAt = $now, r.version = coalesce(r.version, 0) + 1)
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH i, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN i.id AS id, i.version AS version
