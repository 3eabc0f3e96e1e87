// The authority accepts a submitted item: it gets its catalog code and is published.
MATCH (i:CatalogItem {id: $id})
SET i.touchedAt = $now
WITH i
WHERE i.status = 'SUBMITTED' AND i.code IS NULL
SET i += $changes, i.status = 'PUBLISHED', i.code = $code
RETURN i.id AS id, i.code AS code
