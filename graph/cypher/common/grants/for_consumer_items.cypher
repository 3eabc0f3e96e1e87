// 第三十一条: the items a consumer asks about, and every grant it holds on each (the decision
// picks a live one); the item's scope as far as the consumer is concerned ([its code] or []).
// Items that do not exist come back with no row.
UNWIND $itemIds AS itemId
MATCH (i:CatalogItem {id: itemId})
OPTIONAL MATCH (i)-[:SHARED_WITH]->(own:Department {code: $consumerCode})
WITH itemId, i, CASE WHEN own IS NULL THEN [] ELSE [own.code] END AS scope
OPTIONAL MATCH (g:Grant {itemId: itemId, consumerCode: $consumerCode})
RETURN itemId, i {.id, .name, .status, .shareType, .providerCode, .withdrawnAt, .shareScopeAll, scope: scope} AS item,
       collect(g {.*}) AS grants
