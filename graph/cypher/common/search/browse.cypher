// 第二十七条: browsing without text — 部门资源, 政务主题, 省市级联 — published items matching the
// filters, one light row per item (score 0), newest first, at most $candidates.
MATCH (i:CatalogItem {status: 'PUBLISHED'})
WHERE true
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
WITH i, 0.0 AS score
RETURN i.id AS id, score, i.providerCode AS provider, i.regionCode AS region, i.regionLevel AS level,
       i.themeCodes AS themes, i.databaseCode AS database, i.shareType AS shareType, i.openType AS openType,
       i.updateCycle AS updateCycle, i.format AS format, i.shareModes AS shareModes,
       i.publishedOn AS publishedOn, i.updatedAt AS updatedAt, i.requestCount AS requestCount
ORDER BY publishedOn DESC
LIMIT $candidates
