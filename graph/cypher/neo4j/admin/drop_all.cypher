// Deletes every node: tests and `mulu seed --reset` only.
MATCH (n)
DETACH DELETE n
