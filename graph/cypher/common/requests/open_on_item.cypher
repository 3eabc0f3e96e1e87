// 第十九条: the applications still being decided on an item (a withdrawal ends them; so does an
// accepted revision whose class or scope leaves their department out), with who applied.
MATCH (r:AccessRequest)-[:FOR]->(:CatalogItem {id: $itemId})
WHERE r.status IN $openStatuses
RETURN r.id AS id, r.consumerCode AS consumerCode
ORDER BY id
