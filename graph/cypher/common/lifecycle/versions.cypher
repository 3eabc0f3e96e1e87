// The saved versions of an item, newest first (the current one is the item itself).
MATCH (v:ItemVersion)-[:OF]->(:CatalogItem {id: $id})
RETURN v {.*} AS version
ORDER BY version.version DESC
