// Files a new department (第六条); the unique key on code refuses a second one.
CREATE (d:Department)
SET d = $props
RETURN d.code AS code
