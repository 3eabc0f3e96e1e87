// 第二十七条: one page of the items matching $q and the filters, in the order $sort asks (RELEVANCE, RECENTLY_PUBLISHED, RECENTLY_UPDATED, MOST_REQUESTED).
CALL db.index.fulltext.queryNodes('catalog_item_search', $q) YIELD node, score
WITH node AS i, score
WHERE i.status = 'PUBLISHED'
  AND ($providers IS NULL OR i.providerCode IN $providers)
  AND ($regions IS NULL OR i.regionCode IN $regions)
  AND ($levels IS NULL OR i.regionLevel IN $levels)
  AND ($themes IS NULL OR any(theme IN i.themeCodes WHERE theme IN $themes))
  AND ($databases IS NULL OR i.databaseCode IN $databases)
  AND ($shareTypes IS NULL OR i.shareType IN $shareTypes)
  AND ($openTypes IS NULL OR i.openType IN $openTypes)
  AND ($updateCycles IS NULL OR i.updateCycle IN $updateCycles)
  AND ($formats IS NULL OR i.format IN $formats)
  AND ($shareModes IS NULL OR any(mode IN i.shareModes WHERE mode IN $shareModes))
WITH i, score
RETURN i.id AS id, score, i.publishedOn AS publishedOn, i.updatedAt AS updatedAt, i.requestCount AS requestCount
ORDER BY CASE $sort WHEN 'RELEVANCE' THEN score WHEN 'MOST_REQUESTED' THEN coalesce(requestCount, 0) ELSE 0 END DESC,
         CASE $sort WHEN 'RECENTLY_UPDATED' THEN updatedAt ELSE publishedOn END DESC,
         id
SKIP $skip
LIMIT $limit
