// Data-element names of each item in a batch (search highlights), in the provider's order.
UNWIND $ids AS itemId
MATCH (:CatalogItem {id: itemId})-[:HAS_ELEMENT]->(e:DataElement)
WITH itemId, e.seq AS seq, e.name AS name
ORDER BY seq
RETURN itemId, collect(name) AS names
