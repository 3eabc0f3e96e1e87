// The whole theme tree (a few hundred nodes at most) with published items per theme.
MATCH (t:Theme)
OPTIONAL MATCH (i:CatalogItem {status: 'PUBLISHED'})-[:IN_THEME]->(t)
WITH t, count(i) AS itemCount
ORDER BY t.code
RETURN t {.code, .name, .parentCode} AS theme, itemCount
