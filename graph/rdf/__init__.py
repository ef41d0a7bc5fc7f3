"""RDF export and re-import of the claim graph, with PROV-O provenance.

``export_claims`` writes claims as Turtle, N-Triples, N-Quads, TriG, JSON-LD
or RDF/XML, with the events and agreement stages built from them;
``read_claims``, ``read_events`` and ``read_stages`` read such a file back. The names the
export uses are in ``ontology.ttl``, the shapes it satisfies in ``shapes.ttl``.
"""

from geokg.graph.rdf.export import (
    FORMATS,
    claim_quads,
    claims_graph,
    event_quads,
    export_claims,
    format_for,
    stage_quads,
)
from geokg.graph.rdf.parse import (
    events_of,
    parse_graph,
    read_claims,
    read_events,
    read_stages,
    stages_of,
)
from geokg.graph.rdf.vocabulary import GEOKG, ontology_graph, shapes_graph

__all__ = [
    "FORMATS",
    "GEOKG",
    "claim_quads",
    "claims_graph",
    "event_quads",
    "events_of",
    "export_claims",
    "format_for",
    "ontology_graph",
    "parse_graph",
    "read_claims",
    "read_events",
    "read_stages",
    "shapes_graph",
    "stage_quads",
    "stages_of",
]
