// A county, district or zone is PART_OF the city; the city is PART_OF the province.
UNWIND $rows AS row
MATCH (r:Region {code: row.code})
MATCH (p:Region {code: row.parentCode})
MERGE (r)-[:PART_OF]->(p)
