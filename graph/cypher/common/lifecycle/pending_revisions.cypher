// 第十三条: published items with an edit awaiting the city authority, the oldest first.
MATCH (i:CatalogItem {status: 'PUBLISHED'})
WHERE i.pendingRevisionId IS NOT NULL
MATCH (r:ItemRevision {id: i.pendingRevisionId, status: 'PENDING'})
RETURN r.id AS id
ORDER BY r.submittedAt, r.id
LIMIT $limit
