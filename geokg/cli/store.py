"""Store-level commands: ``cypher``, ``stats``, ``clear``."""
