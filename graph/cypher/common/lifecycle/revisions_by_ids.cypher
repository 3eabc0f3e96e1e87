// Revisions of published items (第十三条) by id.
UNWIND $ids AS revisionId
MATCH (r:ItemRevision {id: revisionId})
RETURN r {.*} AS revision
