// 行政区划: one row per region, keyed by its code.
UNWIND $rows AS row
MERGE (r:Region {code: row.code})
SET r += row
