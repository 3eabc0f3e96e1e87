// 第三十二条, 第四十一条: feedback still unanswered after its deadline, the longest overdue first,
// optionally of one provider; the service keeps those the caller may read.
MATCH (f:Feedback)
WHERE f.status = 'OPEN' AND f.dueAt < $now
  AND ($providerCode IS NULL OR f.providerCode = $providerCode)
RETURN f {.*} AS report
ORDER BY report.dueAt, report.id
LIMIT $limit
