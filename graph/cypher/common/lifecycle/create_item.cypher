// 第九条: a department's data officer compiles a draft item with its data dictionary (第十条),
// item and elements in one statement.
MATCH (d:Department {code: $providerCode})
CREATE (i:CatalogItem)
SET i = $props
SET i.editors = [$actor]
CREATE (d)-[:PROVIDES]->(i)
WITH i
UNWIND $elements AS element
CREATE (e:DataElement)
SET e = element
CREATE (i)-[:HAS_ELEMENT]->(e)
RETURN DISTINCT i.id AS id, i.version AS version
