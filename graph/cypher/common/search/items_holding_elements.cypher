// 第十五条 一数一源: which published items hold a data element of these names, who provides
// each, and whether that element is the authoritative source or copied from one.
MATCH (i:CatalogItem {status: 'PUBLISHED'})-[:HAS_ELEMENT]->(e:DataElement)
WHERE e.name IN $names
OPTIONAL MATCH (e)-[:SOURCED_FROM]->(source:DataElement)
OPTIONAL MATCH (copy:DataElement)-[:SOURCED_FROM]->(e)
WITH i, e, source, count(copy) AS copies
RETURN i.id AS itemId, i.providerCode AS providerCode, e.name AS elementName, e.code AS elementCode,
       source.itemId AS sourceItemId, copies
ORDER BY copies DESC, providerCode, i.name
