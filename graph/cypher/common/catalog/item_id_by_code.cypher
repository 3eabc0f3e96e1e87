// 目录编码 → item id.
MATCH (i:CatalogItem {code: $code})
RETURN i.id AS id
