// 第十九条: a provider asks to withdraw a published item; it stays published until the
// authority approves. One open request per item.
MATCH (i:CatalogItem {id: $itemId, status: 'PUBLISHED'})
WHERE NOT (:WithdrawalRequest {status: 'PENDING'})-[:TO_WITHDRAW]->(i)
CREATE (w:WithdrawalRequest)
SET w = $request, w.itemName = i.name, w.providerCode = i.providerCode, w.regionCode = i.regionCode,
    w.status = 'PENDING'
CREATE (w)-[:TO_WITHDRAW]->(i)
RETURN w.id AS id
