// Whether the indexes of catalog items are built (OPERATIONAL) or still being populated.
CALL db.indexes() YIELD label, status
WHERE label = 'CatalogItem'
RETURN status
