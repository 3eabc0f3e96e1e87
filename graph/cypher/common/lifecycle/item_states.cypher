// The state of items by id (absent ids have no row): which an import may overwrite.
UNWIND $ids AS itemId
MATCH (i:CatalogItem {id: itemId})
RETURN i.id AS id, i.status AS status, i.name AS name, i.providerCode AS providerCode
