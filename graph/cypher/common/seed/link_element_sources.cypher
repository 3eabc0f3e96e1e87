// 第十五条 一数一源: an element repeated from another department's item points at the source.
UNWIND $rows AS row
MATCH (e:DataElement {id: row.elementId})
MATCH (s:DataElement {id: row.sourceElementId})
MERGE (e)-[:SOURCED_FROM]->(s)
