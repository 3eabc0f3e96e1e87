// 第十五条 一数一源: for element names a department is describing, the published elements of
// other departments that are the recorded source (others copy them, they copy nobody).
UNWIND $names AS name
MATCH (e:DataElement {name: name})<-[:HAS_ELEMENT]-(i:CatalogItem {status: 'PUBLISHED'})
WHERE i.providerCode <> $providerCode AND NOT (e)-[:SOURCED_FROM]->()
  AND (:DataElement)-[:SOURCED_FROM]->(e)
RETURN name, e.id AS elementId, e.code AS elementCode, i.id AS itemId, i.code AS itemCode,
       i.name AS itemName, i.providerCode AS providerCode
ORDER BY name, providerCode
