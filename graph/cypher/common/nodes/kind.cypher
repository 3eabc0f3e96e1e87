// node(id:): which kind of object a global id names, and the item or department it belongs to.
// Ids are UUIDs (items, requests, grants, feedback, withdrawals, change events), `<item id>:<code>`
// (data elements) or department codes, so at most one branch matches; each is a unique-key lookup.
MATCH (n:CatalogItem {id: $id}) RETURN 'CatalogItem' AS kind, n.id AS ownerId
UNION ALL
MATCH (n:DataElement {id: $id}) RETURN 'DataElement' AS kind, n.itemId AS ownerId
UNION ALL
MATCH (n:Department {code: $id}) RETURN 'Department' AS kind, n.code AS ownerId
UNION ALL
MATCH (n:AccessRequest {id: $id}) RETURN 'AccessRequest' AS kind, n.itemId AS ownerId
UNION ALL
MATCH (n:Grant {id: $id}) RETURN 'Grant' AS kind, n.itemId AS ownerId
UNION ALL
MATCH (n:Feedback {id: $id}) RETURN 'Feedback' AS kind, n.itemId AS ownerId
UNION ALL
MATCH (n:WithdrawalRequest {id: $id}) RETURN 'WithdrawalRequest' AS kind, n.itemId AS ownerId
UNION ALL
MATCH (n:ChangeEvent {id: $id}) RETURN 'ChangeEvent' AS kind, n.id AS ownerId
