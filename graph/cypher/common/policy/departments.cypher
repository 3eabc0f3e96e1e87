// Every department's code, region and whether it is a data authority (第五条): the facts of
// jurisdiction (第十三条, 第十九条, 第二十八条, 第三十条) and of a policy dry run.
MATCH (d:Department)
RETURN d.code AS code, d.regionCode AS regionCode, d.parentCode AS parentCode, coalesce(d.isAuthority, false) AS isAuthority
ORDER BY code
