// Saves an edit of an item, guarded on the version the editor started from: a second writer
// who started from the same version finds no row (a conflict) and nothing of theirs is saved.
// The previous content is kept as an ItemVersion (第十五条 to 第十八条: who, when, why).
// Elements keep their node (and 一数一源 links) when their code stays; removed ones go.
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
MERGE (e:DataElement {id: element.id})
SET e += element
MERGE (i)-[:HAS_ELEMENT]->(e)
WITH i, collect(e.id) AS kept
OPTIONAL MATCH (i)-[:HAS_ELEMENT]->(gone:DataElement)
WHERE NOT gone.id IN kept
DETACH DELETE gone
RETURN DISTINCT i.id AS id, i.version AS version
