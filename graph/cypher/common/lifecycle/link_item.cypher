// Keeps an item's relationships in step with its properties: themes, database, share scope
// (第二十三条) and 一数一源 sources (第十五条). Idempotent; run after create and update.
MATCH (i:CatalogItem {id: $id})
OPTIONAL MATCH (i)-[old:IN_THEME|IN_DATABASE|SHARED_WITH]->()
DELETE old
WITH DISTINCT i
OPTIONAL MATCH (t:Theme) WHERE t.code IN $themeCodes
WITH i, collect(t) AS themes
OPTIONAL MATCH (b:Database {code: $databaseCode})
WITH i, themes, collect(b) AS databases
OPTIONAL MATCH (d:Department) WHERE d.code IN $scope
WITH i, themes, databases, collect(d) AS scope
FOREACH (t IN themes | MERGE (i)-[:IN_THEME]->(t))
FOREACH (b IN databases | MERGE (i)-[:IN_DATABASE]->(b))
FOREACH (d IN scope | MERGE (i)-[:SHARED_WITH]->(d))
RETURN i.id AS id
