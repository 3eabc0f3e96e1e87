// Departments for a batch of codes (the DataLoader behind provider, parent and scope fields).
UNWIND $codes AS code
MATCH (d:Department {code: code})
OPTIONAL MATCH (child:Department)-[:SUBORDINATE_OF]->(d)
WITH d, child
ORDER BY child.code
RETURN d {
  .code, .name, .shortName, .regionCode, .kind, .parentCode, .responsibleUnit, .isAuthority,
  .dataOfficerName, .dataOfficerPhone, .dataOfficerEmail
} AS department, collect(child.code) AS childCodes
