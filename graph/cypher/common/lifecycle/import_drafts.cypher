// 第九条 bulk compile: a whole spreadsheet's items, their data elements and sources (第十五条),
// themes, databases and sharing scopes saved as drafts in ONE statement, so a file is applied
// completely or not at all. Item ids derive from provider and name; an unchanged item (same
// content hash) is left alone, so importing a file twice changes nothing. Items already
// submitted or published are refused by the service first and are not touched here. An import
// over an existing draft keeps the draft's content as an ItemVersion (it.previous, as
// update_item does), and each saved item gets its audit event (第三十八条), in this statement.
// 第十四条 (基础库、主题库由牵头部门负责编目): a file that places an item in a database its provider
// does not lead is not applied at all.
OPTIONAL MATCH (led:Database)
WITH collect(led.code + ' ' + led.leadDepartmentCode) AS leads
WHERE all(it IN $items WHERE it.databaseCode IS NULL OR (it.databaseCode + ' ' + it.props.providerCode) IN leads)
UNWIND $items AS it
MATCH (d:Department {code: it.props.providerCode})
MERGE (i:CatalogItem {id: it.props.id})
ON CREATE SET i.status = 'DRAFT', i.version = 0, i.createdAt = $now, i.createdBy = $actor, i.requestCount = 0
WITH d, i, it
WHERE i.status IN ['DRAFT', 'RETURNED'] AND coalesce(i.contentHash, '') <> it.props.contentHash
FOREACH (previous IN CASE WHEN it.previous IS NULL THEN [] ELSE [it.previous] END |
  CREATE (v:ItemVersion)-[:OF]->(i)
  SET v = previous
)
SET i += it.props, i.version = i.version + 1,
    i.editors = CASE WHEN $actor IN coalesce(i.editors, []) THEN i.editors ELSE coalesce(i.editors, []) + $actor END
MERGE (d)-[:PROVIDES]->(i)
WITH i, it
UNWIND it.elements AS element
MERGE (e:DataElement {id: element.props.id})
SET e += element.props
MERGE (i)-[:HAS_ELEMENT]->(e)
WITH i, it, e, element
OPTIONAL MATCH (source:DataElement {id: coalesce(element.sourceElementId, '')})
FOREACH (_ IN CASE WHEN source IS NULL THEN [] ELSE [1] END | MERGE (e)-[:SOURCED_FROM]->(source))
WITH i, it, collect(DISTINCT e.id) AS kept
OPTIONAL MATCH (i)-[:HAS_ELEMENT]->(gone:DataElement)
WHERE NOT gone.id IN kept
DETACH DELETE gone
WITH DISTINCT i, it
OPTIONAL MATCH (i)-[old:IN_THEME|IN_DATABASE|SHARED_WITH]->()
DELETE old
WITH DISTINCT i, it
OPTIONAL MATCH (t:Theme) WHERE t.code IN it.themeCodes
WITH i, it, collect(t) AS themes
OPTIONAL MATCH (b:Database {code: coalesce(it.databaseCode, '')})
WITH i, it, themes, collect(b) AS databases
OPTIONAL MATCH (s:Department) WHERE s.code IN it.scope
WITH i, themes, databases, collect(s) AS scope
FOREACH (t IN themes | MERGE (i)-[:IN_THEME]->(t))
FOREACH (b IN databases | MERGE (i)-[:IN_DATABASE]->(b))
FOREACH (s IN scope | MERGE (i)-[:SHARED_WITH]->(s))
WITH collect(DISTINCT i.id) AS saved
WHERE size(saved) > 0
// 第三十八条: the change's audit events, in the same write — one per saved item, numbered in order
MERGE (log:AuditLog {key: 'audit'})
SET log.lockedAt = $now
WITH saved, log, coalesce(log.seq, 0) AS last, [audit IN $audits WHERE audit.targetId IN saved] AS audits
SET log.seq = last + size(audits)
WITH saved, last, audits
UNWIND range(0, size(audits) - 1) AS k
CREATE (event:AuditEvent)
SET event = audits[k], event.seq = last + k + 1
WITH saved, count(event) AS events
RETURN saved
