// Feedback reports a consumer filed or a provider must answer, newest first.
MATCH (f:Feedback)
WHERE ($consumerCode IS NULL OR f.consumerCode = $consumerCode)
  AND ($providerCode IS NULL OR f.providerCode = $providerCode)
  AND ($statuses IS NULL OR f.status IN $statuses)
WITH f
ORDER BY f.createdAt DESC, f.id
WITH collect(f {.*}) AS reports
RETURN size(reports) AS total, reports[$skip..$skip + $limit] AS page
