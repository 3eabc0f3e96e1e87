UNWIND $ids AS itemId
MATCH (:CatalogItem {id: itemId})-[:IN_THEME]->(t:Theme)
RETURN itemId, collect(t.code) AS themeCodes
