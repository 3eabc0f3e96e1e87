// One saved policy version with its Casbin model, policy lines and rules file.
MATCH (v:PolicyVersion {version: $version})
RETURN v {.version, .model, .policy, .rules, .author, .reason, .savedAt, .restoredFrom, .basedOn} AS version
