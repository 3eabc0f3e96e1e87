// 行政区划 with the number of departments in each.
MATCH (r:Region)
OPTIONAL MATCH (d:Department)-[:IN_REGION]->(r)
WITH r, count(d) AS departmentCount
ORDER BY r.code
RETURN r {.code, .name, .level, .parentCode} AS region, departmentCount
