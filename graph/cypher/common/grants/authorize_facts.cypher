// 第三十一条, 第三十九条: everything the gateway's authorize question needs, in one round trip —
// per item asked: the item, every grant the consumer holds on it (the decision picks a live
// one) with the asked elements it covers, and for the data elements asked about (codes upper-cased by the caller) the four facts
// that decide their access: code, withheld, verify-only, masking rule. Items that do not exist
// come back with no row.
// The CASE guards matter on FalkorDB: a projection of an unmatched OPTIONAL MATCH is a map of
// nulls there, not null, and collect() would keep it.
UNWIND $questions AS question
WITH question.itemId AS itemId, question.codes AS codes
MATCH (i:CatalogItem {id: itemId})
OPTIONAL MATCH (g:Grant {itemId: itemId, consumerCode: $consumerCode})
WITH itemId, codes, i,
     collect(CASE WHEN g IS NULL THEN null ELSE g {.id, .itemId, .consumerCode, .status, .grantedAt, .expiresAt,
                                                   .lastUsedAt, .revokedAt, .reinstatedAt,
                                                   elements: [code IN coalesce(g.elements, []) WHERE toUpper(code) IN codes]} END) AS grants
OPTIONAL MATCH (i)-[:HAS_ELEMENT]->(e:DataElement)
WHERE toUpper(e.code) IN codes
RETURN itemId, i {.id, .name, .status, .shareType, .providerCode, .withdrawnAt} AS item, grants,
       collect(CASE WHEN e IS NULL THEN null ELSE e {.code, .withheld, .verifyOnly, .maskingRule} END) AS elements
