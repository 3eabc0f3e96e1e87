// 第九条: a department's data officer compiles a draft item with its data dictionary (第十条):
// the item, its elements, their sources (第十五条 一数一源), its themes, database and sharing
// scope, all in this one statement. A duplicate — an item of the same provider and name that is
// not withdrawn — is refused (no row): the department's write lock is taken first, so of two
// identical creates the second sees the first's item. So is an item placed in a database the
// provider does not lead (第十四条: 基础库、主题库由牵头部门负责编目).
MATCH (d:Department {code: $providerCode})
SET d.touchedAt = $now
WITH d
OPTIONAL MATCH (same:CatalogItem {providerCode: $providerCode, name: $props.name})
WHERE same.status <> 'WITHDRAWN'
WITH d, count(same) AS duplicates
OPTIONAL MATCH (led:Database {code: coalesce($databaseCode, '')})
WHERE led.leadDepartmentCode = d.code
WITH d, duplicates, count(led) AS led
WHERE duplicates = 0 AND ($databaseCode IS NULL OR led > 0)
CREATE (i:CatalogItem)
SET i = $props
SET i.editors = [$actor]
CREATE (d)-[:PROVIDES]->(i)
WITH i
UNWIND $elements AS element
CREATE (e:DataElement)
SET e = element.props
CREATE (i)-[:HAS_ELEMENT]->(e)
WITH i, e, element
OPTIONAL MATCH (source:DataElement {id: coalesce(element.sourceElementId, '')})
FOREACH (_ IN CASE WHEN source IS NULL THEN [] ELSE [1] END | MERGE (e)-[:SOURCED_FROM]->(source))
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
