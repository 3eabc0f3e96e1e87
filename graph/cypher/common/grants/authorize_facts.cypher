// 第三十一条, 第三十九条: everything the gateway's authorize question needs, in one round trip —
// per item asked: the item, every grant the consumer holds on it (the decision picks a live
// one), and the four facts per data element that decide its access (code, withheld,
// verify-only, masking rule). Items that do not exist come back with no row.
// The CASE guards matter on FalkorDB: a projection of an unmatched OPTIONAL MATCH is a map of
// nulls there, not null, and collect() would keep it.
UNWIND $itemIds AS itemId
MATCH (i:CatalogItem {id: itemId})
OPTIONAL MATCH (g:Grant {itemId: itemId, consumerCode: $consumerCode})
WITH itemId, i,
     collect(CASE WHEN g IS NULL THEN null ELSE g {.id, .itemId, .consumerCode, .elements, .status, .grantedAt, .expiresAt,
                                                   .lastUsedAt, .revokedAt, .reinstatedAt} END) AS grants
OPTIONAL MATCH (i)-[:HAS_ELEMENT]->(e:DataElement)
RETURN itemId, i {.id, .name, .status, .shareType, .providerCode, .withdrawnAt} AS item, grants,
       collect(CASE WHEN e IS NULL THEN null ELSE e {.code, .withheld, .verifyOnly, .maskingRule} END) AS elements
