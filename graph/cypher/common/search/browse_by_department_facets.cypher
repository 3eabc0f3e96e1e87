// 第二十七条 部门资源 and 省市级联: total and facet counts of every published item matching the
// filters (no cap), starting from the providing departments as browse_by_department_page does;
// the counts are exactly browse_facets'.
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
WITH i.providerCode AS department, i.regionCode AS region, i.regionLevel AS level, i.databaseCode AS database,
     i.shareType AS shareType, i.openType AS openType, i.updateCycle AS updateCycle, i.format AS format,
     i.themeCodes AS themes, i.shareModes AS shareModes, count(*) AS n
UNWIND [['total', ''], ['department', department], ['region', region], ['level', level],
        ['database', database], ['shareType', shareType], ['openType', openType],
        ['updateCycle', updateCycle], ['format', format]]
       + [t IN coalesce(themes, []) | ['theme', t]] + [m IN coalesce(shareModes, []) | ['shareMode', m]] AS pair
WITH pair, n WHERE pair[1] IS NOT NULL
RETURN pair[0] AS facet, pair[1] AS value, sum(n) AS count
