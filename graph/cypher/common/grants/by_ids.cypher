// Grants by id, each with what its state depends on of its item now: status, withdrawal, class
// and whether the item's scope names the consumer (第十九条, 第二十二条, 第二十三条).
UNWIND $ids AS grantId
MATCH (g:Grant {id: grantId})
OPTIONAL MATCH (g)-[:ON]->(i:CatalogItem)
OPTIONAL MATCH (i)-[:SHARED_WITH]->(own:Department {code: g.consumerCode})
WITH g, i, count(own) AS named
RETURN g {.*, itemStatus: i.status, itemWithdrawnAt: i.withdrawnAt, withdrawalReason: i.withdrawalReason,
          itemShareType: i.shareType, itemScopeAll: coalesce(i.shareScopeAll, false), itemNamesConsumer: named > 0} AS grant
