// Unique keys (the same list as UNIQUE_KEYS in graph/falkordb_store.py; a test compares them).
CREATE CONSTRAINT region_code IF NOT EXISTS FOR (r:Region) REQUIRE r.code IS UNIQUE;
CREATE CONSTRAINT department_code IF NOT EXISTS FOR (d:Department) REQUIRE d.code IS UNIQUE;
CREATE CONSTRAINT theme_code IF NOT EXISTS FOR (t:Theme) REQUIRE t.code IS UNIQUE;
CREATE CONSTRAINT database_code IF NOT EXISTS FOR (b:Database) REQUIRE b.code IS UNIQUE;
CREATE CONSTRAINT catalog_item_id IF NOT EXISTS FOR (i:CatalogItem) REQUIRE i.id IS UNIQUE;
CREATE CONSTRAINT data_element_id IF NOT EXISTS FOR (e:DataElement) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT access_request_id IF NOT EXISTS FOR (r:AccessRequest) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT grant_id IF NOT EXISTS FOR (g:Grant) REQUIRE g.id IS UNIQUE;
CREATE CONSTRAINT feedback_id IF NOT EXISTS FOR (f:Feedback) REQUIRE f.id IS UNIQUE;
CREATE CONSTRAINT withdrawal_request_id IF NOT EXISTS FOR (w:WithdrawalRequest) REQUIRE w.id IS UNIQUE;
CREATE CONSTRAINT change_event_id IF NOT EXISTS FOR (c:ChangeEvent) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT policy_version IF NOT EXISTS FOR (v:PolicyVersion) REQUIRE v.version IS UNIQUE;
CREATE CONSTRAINT audit_log_key IF NOT EXISTS FOR (l:AuditLog) REQUIRE l.key IS UNIQUE;
CREATE CONSTRAINT audit_event_seq IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.seq IS UNIQUE;
