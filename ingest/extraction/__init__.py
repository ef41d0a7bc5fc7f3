"""Extraction: news text in, claims of the claim model out (a spaCy pipeline).

``extract_claims`` is the entry point ``geokg extract`` and ``geokg ingest``
call; each step is a spaCy component testable alone on a Doc.
"""

from geokg.ingest.extraction.pipeline import (
    claims_from_doc,
    extract_claims,
    extract_explained,
    extract_text,
    load_pipeline,
)

__all__ = [
    "claims_from_doc",
    "extract_claims",
    "extract_explained",
    "extract_text",
    "load_pipeline",
]
