"""The named-query library itself: headers, variants, parameter binding (no store needed)."""

from __future__ import annotations

import pytest

from geokg.errors import InputError, QueryError
from geokg.queries.library import (
    CONTEXT,
    FILTER_DEFAULTS,
    get_query,
    list_queries,
    parse_query,
    referenced_params,
)

REQUIRED = {
    "alliance-network", "arms-flows", "partners-of", "adversaries-of", "path-between",
    "ego-network", "timeline", "contested", "sources-of",
}  # fmt: skip


def test_the_issue_queries_exist_and_are_documented() -> None:
    names = {q.name for q in list_queries()}
    assert REQUIRED <= names
    for query in list_queries():
        assert query.answers and query.example.startswith(f"geokg query {query.name}")
        assert set(query.filters) == set(FILTER_DEFAULTS), query.name


def test_each_text_uses_exactly_its_declared_parameters() -> None:
    for query in list_queries():
        declared = {p.name for p in query.params} | set(query.filters) | set(query.context)
        for kind, text in query.texts.items():
            assert referenced_params(text) == declared, (query.name, kind)
            assert "//" not in text.splitlines()[0], "the header is not sent to the store"


def test_ranked_texts_add_only_the_window() -> None:
    """The texts read in rank order take the same parameters and ``$below``, the window."""
    ranked = {(q.name, kind) for q in list_queries() for kind in q.ranked}
    assert ranked == {
        ("network", "neo4j"), ("network", "embedded"),
        ("alliance-network", "neo4j"), ("alliance-network", "embedded"),
        ("ego-network", "neo4j"), ("ego-network", "embedded"),
        ("arms-flows", "neo4j"),  # SUPPLIES edges rank low: Ladybug gains nothing from a window
    }  # fmt: skip
    for query in list_queries():
        declared = {p.name for p in query.params} | set(query.filters) | set(query.context)
        for kind, text in query.ranked.items():
            assert referenced_params(text) == declared | {"below"}, (query.name, kind)
            assert "ORDER BY" in text and "r.rank" in text and not text.startswith("//")
            assert "below" not in referenced_params(query.text_for(kind))


def test_store_variants_are_few() -> None:
    assert sorted(q.name for q in list_queries() if q.variants) == ["ego-network", "path-between"]
    ego = get_query("ego-network")
    # Neo4j expands hop by hop (a SHORTEST over every target enumerates paths on
    # dense graphs); Ladybug's recursive join has its own SHORTEST syntax.
    assert "CALL (seen, frontier)" in ego.text_for("neo4j")
    assert "* SHORTEST 1..4" in ego.text_for("embedded")


def test_bind_fills_defaults_filters_and_context() -> None:
    bound = get_query("sources-of").bind({"a": "RUS", "predicate": "ALLIES_WITH", "b": "IRN"})
    assert bound["since"] == "" and bound["until"] == "9999-12-31"
    assert bound["min_confidence"] == 0.0 and bound["modality"] == ""
    assert "ALLIES_WITH" in bound["symmetric_predicates"]
    assert "SUPPLIES" not in bound["symmetric_predicates"]
    assert set(CONTEXT) <= set(bound)


def test_bind_coerces_command_line_strings() -> None:
    bound = get_query("ego-network").bind(
        {
            "country": "IRN",
            "depth": "3",
            "since": "2024",
            "until": "2024-02",
            "min-confidence": "0.5",
        }
    )
    assert bound["depth"] == 3
    assert (bound["since"], bound["until"]) == ("2024-01-01", "2024-02-29")
    assert bound["min_confidence"] == 0.5
    assert get_query("evidence").bind({"actors": "RUS, IRN,"})["actors"] == ["RUS", "IRN"]


def test_bind_refuses_what_it_cannot_use() -> None:
    with pytest.raises(QueryError, match="wants int"):
        get_query("ego-network").bind({"country": "IRN", "depth": "deep"})
    with pytest.raises(InputError, match="between 0 and 1"):
        get_query("network").bind({"min_confidence": 2})
    with pytest.raises(InputError, match="bad date"):
        get_query("network").bind({"since": "last year"})
    with pytest.raises(QueryError, match="users cannot|unknown parameter"):
        get_query("contested").bind({"symmetric_predicates": ["SUPPLIES"]})
    with pytest.raises(QueryError, match="no query named"):
        get_query("alliances")


def test_parse_query_header() -> None:
    header, body = parse_query(
        "// name: demo\n"
        "// answers: Something\n"
        "//   over two lines.\n"
        "// param: who str -- an id\n"
        "// param: depth int = 2 [1..3] -- hops\n"
        '// param: tag str = "" -- optional\n'
        "// filters: since modality\n"
        "// a free comment\n"
        "MATCH (a:Actor {id: $who}) RETURN a.id\n"
    )
    assert header["answers"] == "Something over two lines."
    who, depth, tag = header["params"]
    assert who.required and who.help == "an id"
    assert (depth.default, depth.low, depth.high, depth.required) == (2, 1, 3, False)
    assert tag.default == "" and not tag.required
    assert header["filters"] == ("since", "modality")
    assert body == "MATCH (a:Actor {id: $who}) RETURN a.id"
    with pytest.raises(QueryError, match="unknown filter"):
        parse_query("// name: x\n// answers: y\n// filters: colour\nRETURN 1")
    with pytest.raises(QueryError, match="needs"):
        parse_query("// name: x\nRETURN 1")
