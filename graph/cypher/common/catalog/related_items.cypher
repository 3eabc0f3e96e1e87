// Items related to one item (第十五条): those linked to it by 一数一源 (either direction) and
// those holding data elements of the same name (同名数据项), strongest links first.
MATCH (:CatalogItem {id: $itemId})-[:HAS_ELEMENT]->(mine:DataElement)
MATCH (theirs:DataElement {name: mine.name})
WHERE theirs.itemId <> $itemId
WITH theirs.itemId AS otherId, collect(DISTINCT theirs.name) AS sharedElements
MATCH (other:CatalogItem {id: otherId, status: 'PUBLISHED'})
OPTIONAL MATCH (other)-[:HAS_ELEMENT]->(:DataElement)-[link:SOURCED_FROM]-(:DataElement)<-[:HAS_ELEMENT]-(:CatalogItem {id: $itemId})
WITH otherId, sharedElements, count(link) AS sourceLinks
RETURN otherId AS itemId, sharedElements, sourceLinks
ORDER BY sourceLinks DESC, size(sharedElements) DESC, itemId
LIMIT $limit
