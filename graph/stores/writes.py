"""The Cypher that writes a batch of claims, shared by both stores.

Both dialects accept these texts; the only difference, how two lists are
unioned without duplicates, is passed in as ``union``. Every value arrives
as a parameter.
"""

from __future__ import annotations

from geokg.graph.stores.ranking import BUMP

MERGE_ACTORS = """
UNWIND $rows AS r
MERGE (a:Actor {id: r.id})
ON CREATE SET a.name = r.name, a.type = r.type, a.aliases = r.aliases,
              a.wikidata = r.wikidata, a.country = r.country, a.role = r.role
ON MATCH SET a.name = CASE WHEN a.name = a.id THEN r.name ELSE a.name END,
             a.type = CASE WHEN a.name = a.id THEN r.type ELSE a.type END,
             a.wikidata = coalesce(a.wikidata, r.wikidata),
             a.country = coalesce(a.country, r.country),
             a.role = coalesce(a.role, r.role)
"""

MERGE_ITEMS = """
UNWIND $rows AS r
MERGE (i:Item {id: r.id})
ON CREATE SET i.name = r.name, i.type = r.type, i.wikidata = r.wikidata
ON MATCH SET i.wikidata = coalesce(i.wikidata, r.wikidata)
"""

MERGE_SOURCES = """
UNWIND $rows AS r
MERGE (s:Source {id: r.id})
ON CREATE SET s.url = r.url, s.title = r.title, s.publisher = r.publisher,
              s.published = r.published
"""

LINK_CLAIMS = """
UNWIND $rows AS r
MATCH (c:Claim {id: r.id}), (s:Actor {id: r.subject_id}), (o:Actor {id: r.object_id}),
      (src:Source {id: r.source_id})
CREATE (c)-[:SUBJECT]->(s), (c)-[:OBJECT]->(o), (c)-[:FROM_SOURCE]->(src)
"""

LINK_ITEMS = """
UNWIND $rows AS r
MATCH (c:Claim {id: r.id}), (i:Item {id: r.item_id})
CREATE (c)-[:ABOUT]->(i)
"""

MERGE_ACTS_FOR = """
UNWIND $rows AS r
MATCH (p:Actor {id: r.person}), (s:Actor {id: r.state})
MERGE (p)-[:ACTS_FOR]->(s)
"""


def merge_relates(union: str) -> str:
    """Fold per-pair increments into the ``RELATES`` projection.

    The distinct counts (``sentences``, ``sources`` and their positive
    variants) are added like the claim counts: the increments count only the
    sentences and sources new to the edge (``projection.pair_increments``).

    ``union`` is a format string of two lists, e.g. ``list_distinct(list_concat({0}, {1}))``.
    The same statement clears the touched edges' ranks and marks the ranks stale
    (``ranking.BUMP``); the load's end ranks them again (``ranking.refresh``).
    """
    items = union.format("r.items", "p.items")
    modalities = union.format("r.modalities", "p.modalities")
    return f"""
UNWIND $rows AS p
MATCH (a:Actor {{id: p.a}}), (b:Actor {{id: p.b}})
MERGE (a)-[r:RELATES {{predicate: p.predicate}}]->(b)
ON CREATE SET r.family = p.family, r.weight = p.weight, r.symmetric = p.symmetric,
              r.claims = p.claims, r.positive_claims = p.positive_claims,
              r.sentences = p.sentences, r.sources = p.sources,
              r.positive_sentences = p.positive_sentences,
              r.positive_sources = p.positive_sources,
              r.max_confidence = p.max_confidence, r.first_date = p.first_date,
              r.last_date = p.last_date, r.items = p.items, r.modalities = p.modalities
ON MATCH SET r.claims = r.claims + p.claims,
             r.positive_claims = r.positive_claims + p.positive_claims,
             r.sentences = r.sentences + p.sentences, r.sources = r.sources + p.sources,
             r.positive_sentences = r.positive_sentences + p.positive_sentences,
             r.positive_sources = r.positive_sources + p.positive_sources,
             r.max_confidence = CASE WHEN p.max_confidence > r.max_confidence
                                     THEN p.max_confidence ELSE r.max_confidence END,
             r.first_date = CASE WHEN r.first_date IS NULL OR p.first_date < r.first_date
                                 THEN coalesce(p.first_date, r.first_date) ELSE r.first_date END,
             r.last_date = CASE WHEN r.last_date IS NULL OR p.last_date > r.last_date
                                THEN coalesce(p.last_date, r.last_date) ELSE r.last_date END,
             r.items = {items},
             r.modalities = {modalities},
             r.rank = NULL
{BUMP}"""


COUNT_LABELS = ("Actor", "Item", "Source", "Claim")
COUNT_TYPES = ("SUBJECT", "OBJECT", "ABOUT", "FROM_SOURCE", "ACTS_FOR", "RELATES")
