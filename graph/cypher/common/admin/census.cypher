// Nodes per label, for checks that a load or restore changed nothing.
MATCH (n)
RETURN labels(n)[0] AS label, count(n) AS count
ORDER BY label
