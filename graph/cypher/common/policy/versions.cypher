// Policy history, newest first, without the texts (who changed what, when and why).
MATCH (v:PolicyVersion)
RETURN v {.version, .author, .reason, .savedAt, .restoredFrom, .basedOn} AS version
ORDER BY version.version DESC
SKIP $skip
LIMIT $limit
