UNWIND $ids AS grantId
MATCH (g:Grant {id: grantId})
OPTIONAL MATCH (g)-[:ON]->(i:CatalogItem)
RETURN g {.*, itemStatus: i.status, itemWithdrawnAt: i.withdrawnAt, withdrawalReason: i.withdrawalReason} AS grant
