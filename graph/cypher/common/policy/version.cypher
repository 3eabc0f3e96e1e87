// One saved policy version with its Casbin model and policy text.
MATCH (v:PolicyVersion {version: $version})
RETURN v {.version, .model, .policy, .author, .reason, .savedAt, .restoredFrom, .basedOn} AS version
