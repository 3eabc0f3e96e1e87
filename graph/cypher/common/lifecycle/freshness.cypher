// 第十八条: published items' update cycles and last data updates, for the staleness check.
MATCH (i:CatalogItem {status: 'PUBLISHED'})
WHERE $providerCode IS NULL OR i.providerCode = $providerCode
RETURN i.id AS id, i.updateCycle AS updateCycle, i.dataUpdatedAt AS dataUpdatedAt
