// Requests for one role's work list: a consumer's own, a provider's to answer, an authority's
// to review (第二十八条: reviewRegion, fixed at filing) or coordinate (第三十条(三):
// coordinationRegion), and the overdue ones (a step still open after its deadline).
MATCH (r:AccessRequest)
WHERE ($consumerCode IS NULL OR r.consumerCode = $consumerCode)
  AND ($providerCode IS NULL OR r.providerCode = $providerCode)
  AND ($statuses IS NULL OR r.status IN $statuses)
  AND ($authorityRegion IS NULL
       OR (r.status = 'PENDING_REVIEW' AND r.reviewRegion = $authorityRegion)
       OR (r.status <> 'PENDING_REVIEW' AND r.coordinationRegion = $authorityRegion))
  AND ($overdueAt IS NULL
       OR (r.status = 'PENDING_REVIEW' AND r.reviewDueAt < $overdueAt)
       OR (r.status = 'FORWARDED' AND r.answerDueAt < $overdueAt))
WITH r
ORDER BY r.createdAt DESC, r.id
WITH collect(r.id) AS ids
RETURN size(ids) AS total, ids[$skip..$skip + $limit] AS ids
