"""Read models: what the repositories (graph/repos/) return and the services and API read.

Frozen, slotted dataclasses with typed fields — enums for every status and value list,
`datetime` (aware, UTC) for every instant, `date` for every day — so no layer above graph/
sees a Cypher column name, a stored ISO string or a statement name. One module per domain.
"""
