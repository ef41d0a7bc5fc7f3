"""RDF export and re-import of the claim graph, with PROV-O provenance.

``export_claims`` writes claims as Turtle, N-Triples, N-Quads, TriG, JSON-LD
or RDF/XML; ``read_claims`` reads such a file back as claims. The names the
export uses are in ``ontology.ttl``, the shapes it satisfies in ``shapes.ttl``.
"""

from geokg.graph.rdf.export import FORMATS, claim_quads, claims_graph, export_claims, format_for
from geokg.graph.rdf.parse import parse_graph, read_claims
from geokg.graph.rdf.vocabulary import GEOKG, ontology_graph, shapes_graph

__all__ = [
    "FORMATS",
    "GEOKG",
    "claim_quads",
    "claims_graph",
    "export_claims",
    "format_for",
    "ontology_graph",
    "parse_graph",
    "read_claims",
    "shapes_graph",
]
