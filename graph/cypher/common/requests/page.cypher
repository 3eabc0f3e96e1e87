// Requests for one role's work list: a consumer's own, a provider's to answer, the authority's
// to review or coordinate, and the overdue ones (a step still open after its deadline).
MATCH (r:AccessRequest)
WHERE ($consumerCode IS NULL OR r.consumerCode = $consumerCode)
  AND ($providerCode IS NULL OR r.providerCode = $providerCode)
  AND ($statuses IS NULL OR r.status IN $statuses)
  AND ($overdueAt IS NULL
       OR (r.status = 'PENDING_REVIEW' AND r.reviewDueAt < $overdueAt)
       OR (r.status = 'FORWARDED' AND r.answerDueAt < $overdueAt))
WITH r
ORDER BY r.createdAt DESC, r.id
WITH collect(r.id) AS ids
RETURN size(ids) AS total, ids[$skip..$skip + $limit] AS ids
