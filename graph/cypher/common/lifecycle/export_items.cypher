// A department's (or the whole) catalog for export to the spreadsheet template or DCAT: the
// 第九条 fields, the data dictionary in order, and each element's 一数一源 source item.
MATCH (i:CatalogItem)
WHERE ($providerCode IS NULL OR i.providerCode = $providerCode) AND i.status IN $statuses
OPTIONAL MATCH (i)-[:SHARED_WITH]->(s:Department)
WITH i, collect(s.code) AS scope
MATCH (i)-[:HAS_ELEMENT]->(e:DataElement)
OPTIONAL MATCH (e)-[:SOURCED_FROM]->(:DataElement)<-[:HAS_ELEMENT]-(source:CatalogItem)
WITH i, scope, e, source
ORDER BY e.seq
WITH i, scope, collect(e {.*, sourceKey: source.providerCode + '/' + source.name}) AS elements
OPTIONAL MATCH (d:Department {code: i.providerCode})
RETURN i {
  .id, .code, .status, .name, .summary, .providerCode, .storageLevel, .category, .grade, .format,
  .formatDetail, .shareType, .shareCondition, .legalBasis, .shareModes, .openType, .openMode,
  .updateCycle, .updateCycleNote, .publishedOn, .updatedAt, .themeCodes, .databaseCode
} AS item,
       scope, elements, d.name AS providerName
ORDER BY item.providerCode, item.name
