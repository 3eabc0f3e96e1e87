// 第十九条: the applications still being decided on an item (a withdrawal ends them).
MATCH (r:AccessRequest)-[:FOR]->(:CatalogItem {id: $itemId})
WHERE r.status IN $openStatuses
RETURN r.id AS id
ORDER BY id
