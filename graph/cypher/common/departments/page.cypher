// Top-level departments (no parent unit), optionally of one region, one page at a time.
MATCH (d:Department)
WHERE d.parentCode IS NULL AND ($regionCode IS NULL OR d.regionCode = $regionCode)
WITH d
ORDER BY d.regionCode, d.code
WITH collect(d.code) AS codes
RETURN size(codes) AS total, codes[$skip..$skip + $limit] AS codes
