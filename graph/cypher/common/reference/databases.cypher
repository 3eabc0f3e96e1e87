// 第十四条: basic and thematic databases with their lead and contributing departments.
MATCH (b:Database)
OPTIONAL MATCH (c:Department)-[:CONTRIBUTES_TO]->(b)
WITH b, c
ORDER BY c.code
RETURN b {.code, .name, .kind, .description, .leadDepartmentCode} AS database,
       collect(c.code) AS contributorCodes
ORDER BY database.code
