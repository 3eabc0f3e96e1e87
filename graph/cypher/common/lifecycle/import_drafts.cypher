// 第九条 bulk compile: a whole spreadsheet's items and data elements saved as drafts in ONE
// statement, so a file is applied completely or not at all. Item ids derive from provider and
// name; an unchanged item (same content hash) is left alone, so importing a file twice
// changes nothing. Items already submitted or published are refused by the service first
// and are not touched here.
UNWIND $items AS it
MATCH (d:Department {code: it.props.providerCode})
MERGE (i:CatalogItem {id: it.props.id})
ON CREATE SET i.status = 'DRAFT', i.version = 0, i.createdAt = $now, i.createdBy = $actor, i.requestCount = 0
WITH d, i, it
WHERE i.status IN ['DRAFT', 'RETURNED'] AND coalesce(i.contentHash, '') <> it.props.contentHash
SET i += it.props, i.version = i.version + 1,
    i.editors = CASE WHEN $actor IN coalesce(i.editors, []) THEN i.editors ELSE coalesce(i.editors, []) + $actor END
MERGE (d)-[:PROVIDES]->(i)
WITH i, it
UNWIND it.elements AS element
MERGE (e:DataElement {id: element.id})
SET e += element
MERGE (i)-[:HAS_ELEMENT]->(e)
WITH i, collect(e.id) AS kept
OPTIONAL MATCH (i)-[:HAS_ELEMENT]->(gone:DataElement)
WHERE NOT gone.id IN kept
DETACH DELETE gone
RETURN collect(DISTINCT i.id) AS saved
