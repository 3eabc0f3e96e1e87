// The theme tree's codes, names and parents only (facet labels, theme-filter expansion); no counts.
MATCH (t:Theme)
RETURN t.code AS code, t.name AS name, t.parentCode AS parentCode
ORDER BY code
