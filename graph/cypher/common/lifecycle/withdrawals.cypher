// Withdrawal requests, newest first, one page at a time with their total: pending ones for the
// authority, a provider's own, and county withdrawals reported to the city (第十九条); of the
// departments in $providerCodes (null: every department).
MATCH (w:WithdrawalRequest)
WHERE ($status IS NULL OR w.status = $status)
  AND ($providerCodes IS NULL OR w.providerCode IN $providerCodes)
  AND ($reportedToCity IS NULL OR (w.reportedToCityAt IS NOT NULL) = $reportedToCity)
WITH w
ORDER BY w.requestedAt DESC, w.id
WITH collect(w {.*}) AS requests
RETURN size(requests) AS total, requests[$skip..$skip + $limit] AS requests
