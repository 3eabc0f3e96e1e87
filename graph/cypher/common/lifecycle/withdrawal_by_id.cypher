// One withdrawal request with the facts its decision needs: who asked, and the item's provider (第十九条).
MATCH (w:WithdrawalRequest {id: $id})-[:TO_WITHDRAW]->(i:CatalogItem)
RETURN w {.*} AS request, i {.id, .providerCode, .shareType, .status} AS item
