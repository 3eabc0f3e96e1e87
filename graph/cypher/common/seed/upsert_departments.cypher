// 政务部门 with the responsible unit and data officer filed under 第六条.
UNWIND $rows AS row
MERGE (d:Department {code: row.code})
SET d += row
WITH d, row
MATCH (r:Region {code: row.regionCode})
MERGE (d)-[:IN_REGION]->(r)
