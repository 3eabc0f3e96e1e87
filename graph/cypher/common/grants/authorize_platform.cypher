// 第二十九条 整体授权: the provider authorizes conditional data wholesale to the platform, which
// then grants matching requests itself (still within the item's scope).
MATCH (i:CatalogItem {id: $itemId, providerCode: $providerCode, status: 'PUBLISHED'})
SET i.platformAuthorisedAt = $now, i.platformAuthorisedBy = $actor
RETURN i.id AS id
