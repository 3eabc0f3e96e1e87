// Rebuilds the full-text index over the search tokens (FalkorDBStore.refresh_search_index).
// FalkorDB indexes a node again on every write to it and keeps the replaced documents in the
// index's term statistics until its garbage collector runs, tens of seconds later: after many
// writes to the same items (a catalog imported, submitted and published) a term in more than
// about a quarter of the items scores 0 until then. Dropping the full-text fields and adding
// them again repopulates the label's index from the graph, without those documents. The
// stopwords option that schema/indexes set stays with the label's index (it may not be given
// again); the fields and weights are those of schema/indexes.
CALL db.idx.fulltext.drop('CatalogItem');
CALL db.idx.fulltext.createNodeIndex('CatalogItem', {field: 'searchName', weight: 4, nostem: true}, {field: 'searchSummary', weight: 2, nostem: true}, {field: 'searchElements', weight: 1, nostem: true}, {field: 'searchExtra', weight: 1, nostem: true});
