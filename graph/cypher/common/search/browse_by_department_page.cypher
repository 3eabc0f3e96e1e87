// 第二十七条 部门资源 and 省市级联: one page of the published items matching the filters, in the
// order $sort asks, starting from the providing departments (by code, by region, by the region's
// level) instead of every item. Items keep their provider (PROVIDES) and copy its region into
// regionCode/regionLevel when saved, so this start loses nothing; the filter chain below is
// browse_page's, so the rows are exactly browse_page's.
MATCH (d:Department)
WHERE ($providers IS NULL OR d.code IN $providers)
  AND ($regions IS NULL OR d.regionCode IN $regions)
OPTIONAL MATCH (r:Region {code: d.regionCode})
WITH d, r
WHERE $levels IS NULL OR r.level IN $levels
MATCH (d)-[:PROVIDES]->(i:CatalogItem)
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
RETURN i.id AS id, 0.0 AS score, i.publishedOn AS publishedOn, i.updatedAt AS updatedAt, i.requestCount AS requestCount
ORDER BY CASE $sort WHEN 'RELEVANCE' THEN score WHEN 'MOST_REQUESTED' THEN coalesce(requestCount, 0) ELSE 0 END DESC,
         CASE $sort WHEN 'RECENTLY_UPDATED' THEN updatedAt ELSE publishedOn END DESC,
         id
SKIP $skip
LIMIT $limit
