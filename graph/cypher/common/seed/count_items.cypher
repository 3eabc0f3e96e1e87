MATCH (i:CatalogItem)
RETURN count(i) AS items
