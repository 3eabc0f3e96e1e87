// Catalog items for a batch of ids (the DataLoader behind every item field), 第九条 fields only.
UNWIND $ids AS itemId
MATCH (i:CatalogItem {id: itemId})
RETURN i {
  .id, .code, .name, .summary, .status, .version, .providerCode, .regionCode,
  .storageLevel, .category, .grade, .format, .formatDetail,
  .shareType, .shareCondition, .legalBasis, .shareModes,
  .openType, .openMode, .updateCycle, .updateCycleNote,
  .publishedOn, .createdAt, .createdBy, .updatedAt, .updatedBy, .editors, .submittedBy, .dataUpdatedAt,
  .databaseCode, .elementCount,
  .platformAuthorisedAt, .platformAuthorisedBy, .reviewComment, .submittedAt, .reviewedAt, .reviewedBy,
  .dataUpdatedBy, .changeReason, .withdrawnAt, .shareScopeAll, .pendingRevisionId
} AS item
