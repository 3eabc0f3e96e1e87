// A review step on an item (submit, return with comments, withdraw), guarded on its state and
// version: two reviewers acting at once cannot both succeed.
MATCH (i:CatalogItem {id: $id})
SET i.touchedAt = $now
WITH i
WHERE i.status = $fromStatus AND ($expectedVersion IS NULL OR i.version = $expectedVersion)
SET i += $changes, i.status = $toStatus
RETURN i.id AS id, i.version AS version
