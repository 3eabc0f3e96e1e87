// 第三十一条, 第三十九条: everything the gateway's authorize question needs, in one round trip —
// per item asked: the item (with its scope as far as the consumer is concerned: [its code] when
// the item is shared with it, else [] — 第二十三条: a grant stops when the scope leaves the holder
// out), every grant the consumer holds on it (the decision picks a live one) with the asked
// elements it covers, and for the data elements asked about (codes upper-cased by the caller) the
// four facts that decide their access: code, withheld, verify-only, masking rule. Items that do
// not exist come back with no row.
// The CASE guards matter on FalkorDB: a projection of an unmatched OPTIONAL MATCH is a map of
// nulls there, not null, and collect() would keep it.
UNWIND $questions AS question
WITH question.itemId AS itemId, question.codes AS codes
MATCH (i:CatalogItem {id: itemId})
OPTIONAL MATCH (i)-[:SHARED_WITH]->(own:Department {code: $consumerCode})
WITH itemId, codes, i, CASE WHEN own IS NULL THEN [] ELSE [own.code] END AS scope
OPTIONAL MATCH (g:Grant {itemId: itemId, consumerCode: $consumerCode})
WITH itemId, codes, i, scope,
     collect(CASE WHEN g IS NULL THEN null ELSE g {.id, .itemId, .consumerCode, .status, .grantedAt, .expiresAt,
                                                   .lastUsedAt, .revokedAt, .reinstatedAt, .suspendedAt,
                                                   elements: [code IN coalesce(g.elements, []) WHERE toUpper(code) IN codes]} END) AS grants
OPTIONAL MATCH (i)-[:HAS_ELEMENT]->(e:DataElement)
WHERE toUpper(e.code) IN codes
RETURN itemId, i {.id, .name, .status, .shareType, .providerCode, .withdrawnAt, .shareScopeAll, scope: scope} AS item, grants,
       collect(CASE WHEN e IS NULL THEN null ELSE e {.code, .withheld, .verifyOnly, .maskingRule} END) AS elements
