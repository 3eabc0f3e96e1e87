// Withdrawal requests, newest first: pending ones for the authority, a provider's own, and
// county withdrawals reported to the city (第十九条); of the departments in $providerCodes
// (null: every department).
MATCH (w:WithdrawalRequest)
WHERE ($status IS NULL OR w.status = $status)
  AND ($providerCodes IS NULL OR w.providerCode IN $providerCodes)
  AND ($reportedToCity IS NULL OR (w.reportedToCityAt IS NOT NULL) = $reportedToCity)
RETURN w {.*} AS request
ORDER BY request.requestedAt DESC
LIMIT $limit
