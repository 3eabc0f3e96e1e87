// 第二十六条: a consuming department applies for a published item through the platform, with
// the elements it needs, its purpose and scenario, and the period it needs.
MATCH (i:CatalogItem {id: $itemId, status: 'PUBLISHED'})
MATCH (c:Department {code: $consumerCode})
CREATE (r:AccessRequest)
SET r = $request,
    r.itemName = i.name, r.providerCode = i.providerCode, r.shareType = i.shareType,
    r.status = 'PENDING_REVIEW', r.version = 1
CREATE (c)-[:REQUESTED]->(r)
CREATE (r)-[:FOR]->(i)
SET i.requestCount = coalesce(i.requestCount, 0) + 1
RETURN r.id AS id
