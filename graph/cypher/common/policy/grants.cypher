// Grants with the facts their `use` decision needs (第三十一条), a page at a time in id
// order, for a policy dry run: which grants would turn live or dead under a new policy.
MATCH (g:Grant)-[:ON]->(i:CatalogItem)
WHERE g.id > $after
WITH g, i
ORDER BY g.id
LIMIT $limit
OPTIONAL MATCH (i)-[:SHARED_WITH]->(s:Department)
WITH g, i, collect(s.code) AS scope
RETURN g {.*} AS grant, i {.id, .providerCode, .shareType, .status, .withdrawnAt} AS item, scope
ORDER BY grant.id
