"""What every domain's API shares: the resolver's `Ctx`, enums with their Chinese labels,
Relay connections and the `Node` interface (GitHub's public API is the model)."""
