// Lookup indexes and the full-text index. The search tokens are made in Python
// (server/domain/search_text.py), so the analyzer only splits on whitespace, and the index
// is not eventually consistent: a saved item is found at once.
CREATE INDEX catalog_item_code IF NOT EXISTS FOR (i:CatalogItem) ON (i.code);
CREATE INDEX catalog_item_status IF NOT EXISTS FOR (i:CatalogItem) ON (i.status);
CREATE INDEX catalog_item_provider IF NOT EXISTS FOR (i:CatalogItem) ON (i.providerCode);
CREATE INDEX data_element_name IF NOT EXISTS FOR (e:DataElement) ON (e.name);
CREATE INDEX department_region IF NOT EXISTS FOR (d:Department) ON (d.regionCode);
CREATE INDEX grant_consumer_item IF NOT EXISTS FOR (g:Grant) ON (g.consumerCode, g.itemId);
CREATE INDEX grant_provider IF NOT EXISTS FOR (g:Grant) ON (g.providerCode);
CREATE INDEX access_request_status IF NOT EXISTS FOR (r:AccessRequest) ON (r.status);
CREATE FULLTEXT INDEX catalog_item_search IF NOT EXISTS
FOR (i:CatalogItem) ON EACH [i.searchName, i.searchSummary, i.searchElements, i.searchExtra]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}};
