// 第十八条: the provider records that the data itself was updated.
MATCH (i:CatalogItem {id: $itemId, providerCode: $providerCode, status: 'PUBLISHED'})
SET i.dataUpdatedAt = $at, i.dataUpdatedBy = $actor
RETURN i.id AS id
