// Exact-match indexes (each unique key needs one before its constraint), lookup indexes,
// and the full-text index over the tokens made in Python: no stopwords, and field weights
// so a match in the name outranks one in the summary, which outranks one in element names.
CREATE INDEX FOR (r:Region) ON (r.code);
CREATE INDEX FOR (d:Department) ON (d.code);
CREATE INDEX FOR (t:Theme) ON (t.code);
CREATE INDEX FOR (b:Database) ON (b.code);
CREATE INDEX FOR (i:CatalogItem) ON (i.id);
CREATE INDEX FOR (e:DataElement) ON (e.id);
CREATE INDEX FOR (r:AccessRequest) ON (r.id);
CREATE INDEX FOR (g:Grant) ON (g.id);
CREATE INDEX FOR (f:Feedback) ON (f.id);
CREATE INDEX FOR (w:WithdrawalRequest) ON (w.id);
CREATE INDEX FOR (c:ChangeEvent) ON (c.id);
CREATE INDEX FOR (v:PolicyVersion) ON (v.version);
CREATE INDEX FOR (l:AuditLog) ON (l.key);
CREATE INDEX FOR (e:AuditEvent) ON (e.seq);
CREATE INDEX FOR (i:CatalogItem) ON (i.code);
CREATE INDEX FOR (g:Grant) ON (g.itemId);
CREATE INDEX FOR (g:Grant) ON (g.consumerCode);
CREATE INDEX FOR (g:Grant) ON (g.providerCode);
CREATE INDEX FOR (r:AccessRequest) ON (r.status);
CREATE INDEX FOR (i:CatalogItem) ON (i.status);
CREATE INDEX FOR (i:CatalogItem) ON (i.providerCode);
CREATE INDEX FOR (e:DataElement) ON (e.name);
CREATE INDEX FOR (d:Department) ON (d.regionCode);
CALL db.idx.fulltext.createNodeIndex({label: 'CatalogItem', stopwords: []}, {field: 'searchName', weight: 4, nostem: true}, {field: 'searchSummary', weight: 2, nostem: true}, {field: 'searchElements', weight: 1, nostem: true}, {field: 'searchExtra', weight: 1, nostem: true});
