// 第十一条: another item of the department with this name (an edit may not take it).
MATCH (i:CatalogItem {providerCode: $providerCode, name: $itemName})
WHERE i.id <> $id
RETURN i.id AS id
LIMIT 1
