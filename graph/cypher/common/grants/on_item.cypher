// Every grant on one item (a change of the item's class or scope suspends those it no longer covers).
MATCH (g:Grant {itemId: $itemId})
RETURN g {.*} AS grant
ORDER BY grant.id
