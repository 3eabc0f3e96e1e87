// 下属单位: a subordinate unit belongs to its department (第六条, 第九条).
UNWIND $rows AS row
MATCH (d:Department {code: row.code})
MATCH (p:Department {code: row.parentCode})
MERGE (d)-[:SUBORDINATE_OF]->(p)
