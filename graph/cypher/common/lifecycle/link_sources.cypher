// 第十五条 一数一源: an element of this item that repeats another department's datum points at
// the authoritative element (resolved by the service from the source item's code or id).
UNWIND $links AS link
MATCH (e:DataElement {id: link.elementId})
OPTIONAL MATCH (e)-[old:SOURCED_FROM]->()
DELETE old
WITH e, link
MATCH (s:DataElement {id: link.sourceElementId})
MERGE (e)-[:SOURCED_FROM]->(s)
RETURN count(e) AS linked
