"""The graph room: the claim model, its vocabulary, and the stores that hold it."""
