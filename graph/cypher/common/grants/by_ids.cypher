UNWIND $ids AS grantId
MATCH (g:Grant {id: grantId})
RETURN g {.*} AS grant
