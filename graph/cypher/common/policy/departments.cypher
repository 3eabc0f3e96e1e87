// Every department's code and whether it is the data authority (第五条), for a policy dry run.
MATCH (d:Department)
RETURN d.code AS code, coalesce(d.isAuthority, false) AS isAuthority
ORDER BY code
