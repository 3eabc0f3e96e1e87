UNWIND $rows AS row
MATCH (t:Theme {code: row.code})
MATCH (p:Theme {code: row.parentCode})
MERGE (t)-[:CHILD_OF]->(p)
