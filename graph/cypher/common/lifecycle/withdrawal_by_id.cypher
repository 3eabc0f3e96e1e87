// One withdrawal request with the facts its decision needs: who asked, the item's provider and
// who compiled or edited it (第十九条; they do not decide it as the authority).
MATCH (w:WithdrawalRequest {id: $id})-[:TO_WITHDRAW]->(i:CatalogItem)
RETURN w {.*} AS request,
       i {.id, .providerCode, .shareType, .status, .editors, .createdBy, .updatedBy, .submittedBy} AS item
