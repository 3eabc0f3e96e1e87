// Withdrawal requests, newest first: pending ones for the authority, a provider's own, and
// county withdrawals reported to the city (第十九条).
MATCH (w:WithdrawalRequest)
WHERE ($status IS NULL OR w.status = $status)
  AND ($providerCode IS NULL OR w.providerCode = $providerCode)
  AND ($reportedToCity IS NULL OR (w.reportedToCityAt IS NOT NULL) = $reportedToCity)
RETURN w {.*} AS request
ORDER BY request.requestedAt DESC
LIMIT $limit
