// 第十五条 一数一源: elements of other items that name an element of this item as their source.
MATCH (:CatalogItem {id: $itemId})-[:HAS_ELEMENT]->(source:DataElement)<-[:SOURCED_FROM]-(copy:DataElement)
MATCH (holder:CatalogItem)-[:HAS_ELEMENT]->(copy)
RETURN holder.id AS itemId, holder.name AS itemName, holder.providerCode AS providerCode,
       copy.name AS elementName, source.name AS sourceElementName
ORDER BY providerCode, itemName
