// Saves an edit of an item, guarded on the version the editor started from: a second writer
// who started from the same version finds no row (a conflict) and nothing of theirs is saved.
// The previous content is kept as an ItemVersion (第十五条 to 第十八条: who, when, why).
// Elements keep their node (and 一数一源 links) when their code stays; removed ones go; a named
// source replaces the element's earlier one. Themes, database and scope are replaced in the same
// statement, so an edit is saved whole or not at all.
MATCH (i:CatalogItem {id: $id})
SET i.touchedAt = $now
WITH i
WHERE i.version = $expectedVersion AND i.status IN ['DRAFT', 'RETURNED', 'PUBLISHED']
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
// 第三十八条: the change's audit event, in the same write
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $audit.at
WITH i, log, coalesce(log.seq, 0) + 1 AS seq
SET log.seq = seq
CREATE (event:AuditEvent)
SET event = $audit, event.seq = seq
RETURN i.id AS id, i.version AS version
