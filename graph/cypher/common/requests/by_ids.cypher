// Access requests for a batch of ids.
UNWIND $ids AS requestId
MATCH (r:AccessRequest {id: requestId})
RETURN r {.*} AS request
