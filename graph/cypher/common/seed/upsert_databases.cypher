// 第十四条: 基础库 / 主题库, catalogued by the lead department, with contributing departments.
UNWIND $rows AS row
MERGE (b:Database {code: row.code})
SET b.name = row.name, b.kind = row.kind, b.description = row.description,
    b.leadDepartmentCode = row.leadDepartmentCode
WITH b, row
MATCH (lead:Department {code: row.leadDepartmentCode})
MERGE (b)-[:LED_BY]->(lead)
WITH b, row
UNWIND row.contributorCodes AS contributorCode
MATCH (c:Department {code: contributorCode})
MERGE (c)-[:CONTRIBUTES_TO]->(b)
