"""geokg: a knowledge graph of geopolitical relations.

The flow is in the folder names: ``geokg.ingest`` reads articles and event
files and turns them into claims, ``geokg.graph`` holds the claim model and
the stores (Neo4j or embedded), ``geokg.queries`` asks and draws.
"""

__version__ = "0.1.0"
