// The active policy version (the newest: a restore is saved as a new version). Cheap, so
// every replica can poll it and reload its Casbin rules only when the number changes.
// No row: no version saved yet, and the files in policies/ are version 1.
MATCH (v:PolicyVersion)
RETURN v.version AS version
ORDER BY version DESC
LIMIT 1
