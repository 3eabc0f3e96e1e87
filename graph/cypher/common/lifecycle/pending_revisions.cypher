// 第十三条: published items with an edit awaiting the city authority, the oldest first.
MATCH (i:CatalogItem)
WHERE i.pendingRevisionId IS NOT NULL
MATCH (r:ItemRevision {id: i.pendingRevisionId})
RETURN r.id AS id
ORDER BY r.submittedAt, r.id
LIMIT $limit
