// 第三十一条: the items a consumer asks to read, and every grant it holds on each (the
// authorize decision picks a live one). Items that do not exist come back with no row.
UNWIND $itemIds AS itemId
MATCH (i:CatalogItem {id: itemId})
OPTIONAL MATCH (g:Grant {itemId: itemId, consumerCode: $consumerCode})
RETURN itemId, i {.id, .name, .status, .shareType, .providerCode, .withdrawnAt} AS item, collect(g {.*}) AS grants
