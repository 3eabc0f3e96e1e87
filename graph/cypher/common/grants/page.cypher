// Grants a department holds (consumer) or has given on its items (provider), newest first.
MATCH (g:Grant)
WHERE ($consumerCode IS NULL OR g.consumerCode = $consumerCode)
  AND ($providerCode IS NULL OR g.providerCode = $providerCode)
WITH g
ORDER BY g.grantedAt DESC, g.id
WITH collect(g.id) AS ids
RETURN size(ids) AS total, ids[$skip..$skip + $limit] AS ids
