// 第三十一条: grants of published items, not revoked, unexpired and not suspended, whose idle clock started before
// $idleBefore (the latest of grant, last use and reinstatement), optionally of one provider, the
// longest idle first; the service keeps those the caller may decide on.
MATCH (g:Grant)
WHERE g.revokedAt IS NULL OR g.reinstatedAt >= g.revokedAt
WITH g
WHERE g.suspendedAt IS NULL AND g.expiresAt > $now
  AND ($providerCode IS NULL OR g.providerCode = $providerCode)
MATCH (i:CatalogItem {id: g.itemId})
WHERE i.status = 'PUBLISHED'
WITH g, CASE WHEN g.lastUsedAt IS NOT NULL AND g.lastUsedAt > g.grantedAt THEN g.lastUsedAt ELSE g.grantedAt END AS used
WITH g, CASE WHEN g.reinstatedAt IS NOT NULL AND g.reinstatedAt > used THEN g.reinstatedAt ELSE used END AS since
WHERE since < $idleBefore
RETURN g.id AS id
ORDER BY since, id
LIMIT $limit
