// The data dictionary of each item in a batch, in the order the provider listed it.
UNWIND $ids AS itemId
MATCH (:CatalogItem {id: itemId})-[:HAS_ELEMENT]->(e:DataElement)
OPTIONAL MATCH (e)-[:SOURCED_FROM]->(s:DataElement)
WITH itemId, e, s
ORDER BY e.seq
RETURN itemId, collect(e {
  .id, .seq, .name, .code, .type, .length, .description, .sensitivity, .maskingRule, .verifyOnly, .withheld,
  sourceItemId: s.itemId
}) AS elements
