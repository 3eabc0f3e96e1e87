"""Typed repositories: one async function per statement file, returning read models.

`graph/repos/<domain>.py` holds, for each `graph/cypher/<...>/<domain>/<name>.cypher`, a function
`async def <name>(store: GraphStore, ...) -> <read model>` with typed arguments. It names the
statement, passes the parameters and turns the engine's rows (dicts keyed by Cypher column and
property names) into the read models of `server/domain/records/`. Nothing above graph/ sees a
column name, a property name or a statement name; graph/ imports nothing of the server but
`server.domain`.
"""
