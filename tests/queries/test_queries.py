"""Every named query on both stores, checked row by row against the seed world."""

from __future__ import annotations

from typing import Any

import pytest

from geokg.errors import QueryError, VocabularyError
from geokg.graph.stores import GraphStore, ranking
from geokg.graph.stores.base import QueryResult
from geokg.queries import library
from geokg.queries.library import get_query, list_queries, run_named
from tests.queries.seed import NATO, PRK, REUTERS, RUS, SCRIPT_EVIDENCE, USA, claim, seed


@pytest.fixture
def world(store: GraphStore) -> GraphStore:
    seed(store)
    return store


def pick(result: QueryResult, *columns: str) -> list[tuple[Any, ...]]:
    """The named columns of every row, lists sorted (stores keep list order differently)."""
    out = []
    for rec in result.records():
        out.append(tuple(sorted(rec[c]) if isinstance(rec[c], list) else rec[c] for c in columns))
    return out


EDGE = ("source", "predicate", "target")


def test_network_every_relation_strongest_first(world: GraphStore) -> None:
    result = run_named(world, "network")
    assert pick(result, *EDGE, "strength") == [
        ("RUS", "SUPPLIES", "IRN", 1.8),
        ("RUS", "ATTACKS", "UKR", 1.0),
        ("USA", "SUPPLIES", "ISR", 0.95),
        ("RUS", "VISITS", "IRN", 0.9),  # Shoigu's visit counts for Russia
        ("USA", "SANCTIONS", "IRN", 0.9),
        ("USA", "SUPPLIES", "UKR", 0.9),
        ("USA", "ALLIES_WITH", "nato", 0.9),
        ("CHN", "MEETS", "RUS", 0.8),
        ("IRN", "THREATENS", "ISR", 0.8),
        ("IRN", "ALLIES_WITH", "RUS", 0.8),
        ("IRN", "SUPPLIES", "RUS", 0.8),
        ("RUS", "COOPERATES_WITH", "TUR", 0.7),
        ("TUR", "COOPERATES_WITH", "UKR", 0.7),
        ("PRK", "SUPPLIES", "RUS", 0.6),
        ("TUR", "CRITICIZES", "IRN", 0.6),
        ("TUR", "CRITICIZES", "ISR", 0.6),
        ("nato", "CRITICIZES", "RUS", 0.5),
        ("CHN", "SUPPLIES", "RUS", 0.0),  # only ever denied
    ]
    first = result.records()[0]
    assert first["family"] == "material_support"
    assert (first["claims"], first["positive_claims"]) == (2, 2)
    assert sorted(first["items"]) == ["Iskander", "radar"]
    assert (first["first_date"], first["last_date"]) == ("2024-09-01", "2024-09-30")
    assert first["source_name"] == "Russia" and first["target_type"] == "State"


def test_network_family_and_filters(world: GraphStore) -> None:
    conflict = run_named(world, "network", {"family": "conflict", "since": "2024"})
    assert pick(conflict, *EDGE) == [
        ("USA", "SANCTIONS", "IRN"),
        ("IRN", "THREATENS", "ISR"),
        ("TUR", "CRITICIZES", "IRN"),
        ("TUR", "CRITICIZES", "ISR"),
    ]  # the 2022 attack and the undated NATO criticism fall outside
    until = run_named(world, "network", {"until": "2023-12"})
    assert pick(until, *EDGE) == [
        ("RUS", "ATTACKS", "UKR"),
        ("USA", "SUPPLIES", "UKR"),
        ("IRN", "SUPPLIES", "RUS"),
    ]
    sure = run_named(world, "network", {"min_confidence": 0.9})
    assert pick(sure, *EDGE) == [
        ("RUS", "SUPPLIES", "IRN"),
        ("RUS", "ATTACKS", "UKR"),
        ("USA", "SUPPLIES", "ISR"),
        ("RUS", "VISITS", "IRN"),
        ("USA", "SANCTIONS", "IRN"),
        ("USA", "SUPPLIES", "UKR"),
        ("USA", "ALLIES_WITH", "nato"),
    ]
    denied = run_named(world, "network", {"modality": "denied"})
    assert pick(denied, *EDGE) == [("IRN", "SUPPLIES", "RUS"), ("CHN", "SUPPLIES", "RUS")]
    assert pick(run_named(world, "network", {"limit": 2}), *EDGE) == [
        ("RUS", "SUPPLIES", "IRN"),
        ("RUS", "ATTACKS", "UKR"),
    ]


def test_alliance_network(world: GraphStore) -> None:
    result = run_named(world, "alliance-network")
    assert pick(result, *EDGE, "strength", "modalities") == [
        ("USA", "ALLIES_WITH", "nato", 0.9, ["asserted"]),
        ("IRN", "ALLIES_WITH", "RUS", 0.8, ["planned"]),
        ("RUS", "COOPERATES_WITH", "TUR", 0.7, ["asserted"]),
        ("TUR", "COOPERATES_WITH", "UKR", 0.7, ["asserted"]),
    ]
    assert {r["family"] for r in result.records()} == {"cooperation"}
    planned = run_named(world, "alliance-network", {"modality": "planned"})
    assert pick(planned, *EDGE) == [("IRN", "ALLIES_WITH", "RUS")]


def test_arms_flows(world: GraphStore) -> None:
    result = run_named(world, "arms-flows")
    assert pick(result, "source", "target", "items", "modalities") == [
        ("RUS", "IRN", ["Iskander", "radar"], ["asserted", "reported"]),
        ("USA", "ISR", ["interceptors"], ["asserted"]),
        ("USA", "UKR", ["HIMARS"], ["asserted"]),
        ("IRN", "RUS", ["Shahed-136"], ["asserted", "denied"]),
        ("PRK", "RUS", ["artillery shells"], ["alleged"]),
        ("CHN", "RUS", ["drones"], ["denied"]),
    ]
    drones = run_named(world, "arms-flows", {"item": "Shahed-136"})
    assert pick(drones, "source", "target", "first_date", "last_date") == [
        ("IRN", "RUS", "2023-05-01", "2023-06-30")
    ]


def test_partners_of(world: GraphStore) -> None:
    result = run_named(world, "partners-of", {"country": "IRN"})
    assert pick(result, "partner", *EDGE, "strength") == [
        ("RUS", "RUS", "SUPPLIES", "IRN", 1.8),
        ("RUS", "IRN", "ALLIES_WITH", "RUS", 0.8),
        ("RUS", "IRN", "SUPPLIES", "RUS", 0.8),
    ]  # the visit is diplomacy, not partnership
    russia = run_named(world, "partners-of", {"country": "RUS"})
    assert [r[0] for r in pick(russia, "partner")] == ["IRN", "IRN", "IRN", "TUR", "PRK"]
    # China's supply was only ever denied: no partner


def test_adversaries_of(world: GraphStore) -> None:
    result = run_named(world, "adversaries-of", {"country": "IRN"})
    assert pick(result, "adversary", *EDGE) == [
        ("USA", "USA", "SANCTIONS", "IRN"),
        ("ISR", "IRN", "THREATENS", "ISR"),
        ("TUR", "TUR", "CRITICIZES", "IRN"),
    ]
    assert pick(run_named(world, "adversaries-of", {"country": "RUS"}), "adversary") == [
        ("UKR",),
        ("nato",),
    ]


def test_ego_network_by_depth(world: GraphStore) -> None:
    one = run_named(world, "ego-network", {"country": "PRK", "depth": 1})
    assert pick(one, *EDGE) == [("PRK", "SUPPLIES", "RUS")]
    two = run_named(world, "ego-network", {"country": "PRK", "depth": 2})
    actors = {a for row in pick(two, "source", "target") for a in row}
    assert actors == {"PRK", "RUS", "IRN", "UKR", "TUR", "CHN", "nato"}
    assert ("IRN", "THREATENS", "ISR") not in pick(two, *EDGE)  # ISR is three hops out
    assert len(two) == 12
    # hops only over relations that pass the filters
    sure = run_named(world, "ego-network", {"country": "PRK", "depth": 2, "min_confidence": 0.7})
    assert pick(sure, *EDGE) == []


FILTER_CASES = [
    {},
    {"since": "2024-03"},
    {"until": "2023"},
    {"since": "2022", "until": "2024-06"},
    {"min_confidence": 0.7},
    {"modality": "reported"},
]


def _passes(edge: dict[str, Any], given: dict[str, Any]) -> bool:
    """The filters as the queries first spelled them (coalesce over null dates)."""
    from geokg.queries.library import bind_filter

    f = {
        name: bind_filter(name, given.get(name))
        for name in ("since", "until", "min_confidence", "modality")
    }
    return bool(
        edge["max_confidence"] >= f["min_confidence"]
        and (edge["last_date"] or "") >= f["since"]
        and (edge["first_date"] or "9999-12-31") <= f["until"]
        and (f["modality"] == "" or f["modality"] in edge["modalities"])
    )


@pytest.mark.parametrize("given", FILTER_CASES)
def test_ego_network_and_network_match_a_reference(world: GraphStore, given: dict) -> None:
    """Both stores' variants give the rows a breadth-first search over the projection gives."""
    every = run_named(world, "network", {"limit": 100000}).records()
    kept = [e for e in every if _passes(e, given)]
    key = [(e["source"], e["predicate"], e["target"]) for e in kept]
    network = run_named(world, "network", {"limit": 100000, **given})
    assert pick(network, *EDGE) == key
    actors = sorted({e["source"] for e in every} | {e["target"] for e in every})
    for country in actors[:6]:
        for depth in (1, 2, 3):
            ids, frontier = {country}, {country}
            for _ in range(depth):
                frontier = {
                    other
                    for e in kept
                    for here, other in ((e["source"], e["target"]), (e["target"], e["source"]))
                    if here in frontier and other not in ids
                }
                ids |= frontier
            want = [k for k in key if k[0] in ids and k[2] in ids]
            got = run_named(world, "ego-network", {"country": country, "depth": depth, **given})
            assert pick(got, *EDGE) == want, (country, depth, given)


def test_path_between(world: GraphStore) -> None:
    result = run_named(world, "path-between", {"a": "ISR", "b": "PRK"})
    assert pick(result, "step", "hop_from", "hop_to", *EDGE) == [
        (1, "ISR", "IRN", "IRN", "THREATENS", "ISR"),
        (2, "IRN", "RUS", "IRN", "ALLIES_WITH", "RUS"),
        (2, "IRN", "RUS", "IRN", "SUPPLIES", "RUS"),
        (2, "IRN", "RUS", "RUS", "SUPPLIES", "IRN"),
        (2, "IRN", "RUS", "RUS", "VISITS", "IRN"),
        (3, "RUS", "PRK", "PRK", "SUPPLIES", "RUS"),
    ]  # of ISR-IRN-RUS, ISR-TUR-RUS and ISR-USA-…: the first by id
    # Israel reaches Russia through Iran and through Türkiye: the smaller ids win
    assert pick(run_named(world, "path-between", {"a": "ISR", "b": "RUS"}), "hop_from") == [
        ("ISR",),
        ("IRN",),
        ("IRN",),
        ("IRN",),
        ("IRN",),
    ]
    cut = run_named(world, "path-between", {"a": "ISR", "b": "PRK", "since": "2025"})
    assert cut.rows == []


def test_timeline_in_date_order(world: GraphStore) -> None:
    result = run_named(world, "timeline", {"country": "IRN"})
    rows = pick(result, "date", "subject", "predicate", "object", "modality")
    assert rows == [
        ("2023-05-01", "IRN", "SUPPLIES", "RUS", "asserted"),
        ("2023-06-01", "IRN", "SUPPLIES", "RUS", "denied"),
        ("2024-02-01", "TUR", "CRITICIZES", "IRN", "asserted"),
        ("2024-04-10", "IRN", "THREATENS", "ISR", "asserted"),
        ("2024-05-01", "USA", "SANCTIONS", "IRN", "asserted"),
        ("2024-09-01", "RUS", "SUPPLIES", "IRN", "asserted"),
        ("2024-09-20", "RUS", "SUPPLIES", "IRN", "reported"),
        ("2024-09-21", "RUS", "VISITS", "IRN", "asserted"),
        ("2024-10-01", "IRN", "ALLIES_WITH", "RUS", "planned"),
    ]
    visit = result.records()[7]
    assert (visit["subject_actor"], visit["subject_name"]) == ("sergei-shoigu", "Sergei Shoigu")
    assert visit["source_url"] == "https://www.nbcnews.com/news/world/russia-iran-missiles"
    # undated claims sort last; filters narrow by claim date and modality
    russia = pick(run_named(world, "timeline", {"country": "RUS"}), "date", "predicate")
    assert russia[0] == ("2022-02-24", "ATTACKS") and russia[-1] == (None, "CRITICIZES")
    narrow = run_named(
        world, "timeline", {"country": "IRN", "since": "2024-09", "modality": "reported"}
    )
    assert pick(narrow, "date", "predicate", "evidence") == [
        ("2024-09-20", "SUPPLIES", SCRIPT_EVIDENCE)
    ]


def test_contested(world: GraphStore) -> None:
    result = run_named(world, "contested")
    assert pick(result, *EDGE, "stance", "voice", "modality", "publisher") == [
        ("IRN", "SUPPLIES", "RUS", "asserts", result.records()[0]["voice"], "asserted", "Reuters"),
        ("IRN", "SUPPLIES", "RUS", "contests", "Iranian foreign ministry", "denied", "IRNA"),
    ]
    # North Korea's shells are only alleged, China's drones only denied: no one asserts them
    assert {r["source"] for r in result.records()} == {"IRN"}


def test_sources_of(world: GraphStore) -> None:
    result = run_named(world, "sources-of", {"a": "RUS", "predicate": "SUPPLIES", "b": "IRN"})
    assert pick(result, "date", "item", "modality", "confidence", "evidence", "source_url") == [
        ("2024-09-01", "radar", "asserted", 0.9, "Russia has begun supplying Iran with radars.",
         "https://www.nbcnews.com/news/world/russia-iran-missiles"),
        ("2024-09-20", "Iskander", "reported", 0.7, SCRIPT_EVIDENCE,
         "https://www.nbcnews.com/news/world/russia-iran-missiles"),
    ]  # fmt: skip
    # a symmetric predicate is found in either order; a person counts for its state
    allies = run_named(world, "sources-of", {"a": "RUS", "predicate": "ALLIES_WITH", "b": "IRN"})
    assert pick(allies, "subject", "object", "modality") == [("IRN", "RUS", "planned")]
    visit = run_named(world, "sources-of", {"a": "RUS", "predicate": "VISITS", "b": "IRN"})
    assert pick(visit, "subject_actor", "evidence") == [
        ("sergei-shoigu", "Sergei Shoigu visited Tehran.")
    ]
    # a directed predicate is not reversed
    assert (
        run_named(world, "sources-of", {"a": "IRN", "predicate": "VISITS", "b": "RUS"}).rows == []
    )


def test_evidence_for_a_set_of_actors(world: GraphStore) -> None:
    result = run_named(world, "evidence", {"actors": "USA,ISR"})
    assert pick(result, "subject", "predicate", "object", "confidence") == [
        ("USA", "SUPPLIES", "ISR", 0.95)
    ]
    both = run_named(world, "evidence", {"actors": ["CHN", "RUS"]})
    assert pick(both, "predicate", "modality") == [("MEETS", "asserted"), ("SUPPLIES", "denied")]


def test_user_text_is_only_ever_a_parameter(world: GraphStore) -> None:
    hostile = "IRN' OR 1=1 RETURN 1 //"
    assert run_named(world, "partners-of", {"country": hostile}).rows == []
    assert run_named(world, "timeline", {"country": '") DETACH DELETE n //'}).rows == []
    assert len(run_named(world, "network")) == 18  # nothing was changed


def test_bad_parameters_are_query_errors(world: GraphStore) -> None:
    with pytest.raises(QueryError, match="missing parameter 'country'"):
        run_named(world, "partners-of")
    with pytest.raises(QueryError, match="unknown parameter"):
        run_named(world, "network", {"colour": "red"})
    with pytest.raises(QueryError, match="between 1 and 4"):
        run_named(world, "ego-network", {"country": "IRN", "depth": 9})
    with pytest.raises(VocabularyError):
        run_named(world, "sources-of", {"a": "RUS", "predicate": "SELLS", "b": "IRN"})
    with pytest.raises(VocabularyError):
        run_named(world, "network", {"modality": "rumoured"})


def test_every_query_runs_on_an_empty_store(store: GraphStore) -> None:
    needs = {"country": "IRN", "a": "RUS", "b": "IRN", "predicate": "SUPPLIES", "actors": "IRN",
             "item": "treaty"}  # fmt: skip
    for query in list_queries():
        params = {name: needs[name] for name in query.required}
        result = run_named(store, query.name, params)
        assert result.rows == [], query.name
        assert set(query.table) <= set(result.columns), query.name


RANKED = ("network", "alliance-network", "arms-flows", "ego-network")


def scan(store: GraphStore, name: str, params: dict[str, Any]) -> QueryResult:
    """The query's first text: every edge read and sorted, what ran before the ranks."""
    query = get_query(name)
    return store.query(query.text_for(store.kind), query.bind(params))


def every_ranked_case(world: GraphStore) -> None:
    """Each ranked query gives the scan's rows, under every filter, small limits included."""
    for name in RANKED:
        for given in FILTER_CASES:
            for limit in (1, 2, 3, 7, 5000):
                params: dict[str, Any] = {**given, "limit": limit}
                if name == "ego-network":
                    for country, depth in (("RUS", 1), ("PRK", 2), ("nato", 1)):
                        here = {**params, "country": country, "depth": depth}
                        want = scan(world, name, here).rows
                        assert run_named(world, name, here).rows == want, (name, here)
                else:
                    want = scan(world, name, params).rows
                    assert run_named(world, name, params).rows == want, (name, params)


@pytest.mark.parametrize("first_window", [0.0, 1.0])
def test_rank_order_gives_the_scans_rows(
    world: GraphStore, monkeypatch: pytest.MonkeyPatch, first_window: float
) -> None:
    """The loaders' rank, read window by window (1: a window of `limit` ranks, widened)."""
    assert ranking.fresh_edges(world) == len(run_named(world, "network", {"limit": 1000}))
    assert {q for q in RANKED if world.kind in get_query(q).ranked} >= {"network", "ego-network"}
    monkeypatch.setitem(library.FIRST_WINDOW, world.kind, first_window)
    every_ranked_case(world)


def stored_ranks(store: GraphStore) -> dict[tuple[str, str, str], float]:
    rows = store.query(
        "MATCH (a:Actor)-[r:RELATES]->(b:Actor) RETURN a.id, r.predicate, b.id, r.rank"
    )
    return {(a, p, b): rank for a, p, b, rank in rows.rows}


def test_a_second_ingest_reorders_the_ranks(world: GraphStore) -> None:
    """New claims move a weak edge to the top and add one: the ranks follow, the rows too."""
    before = pick(run_named(world, "network"), *EDGE)
    assert before[-2] == ("nato", "CRITICIZES", "RUS")
    more = [
        claim(REUTERS, NATO, "CRITICIZES", RUS, f"NATO criticised Russia again ({n}).",
              confidence=0.9, when="2024-04")
        for n in range(3)
    ]  # fmt: skip
    more.append(claim(REUTERS, PRK, "THREATENS", USA, "North Korea threatened the US."))
    ranks_before = stored_ranks(world)
    assert world.write_claims(more).claims_new == 4
    assert ranking.fresh_edges(world) is not None  # ranked again at the end of the load
    ranks_after = stored_ranks(world)
    touched = {("nato", "CRITICIZES", "RUS"), ("PRK", "THREATENS", "USA")}
    assert {k: v for k, v in ranks_after.items() if k not in touched} == {
        k: v for k, v in ranks_before.items() if k not in touched
    }  # only the touched edges were given new ranks
    after = run_named(world, "network")
    assert pick(after, *EDGE)[:3] == [
        ("nato", "CRITICIZES", "RUS"),  # 4 positive claims x 0.9 = 3.6
        ("RUS", "SUPPLIES", "IRN"),
        ("RUS", "ATTACKS", "UKR"),
    ]
    assert ("PRK", "THREATENS", "USA") in pick(after, *EDGE)
    assert after.rows == scan(world, "network", {}).rows
    every_ranked_case(world)


def test_stale_ranks_fall_back_to_the_scan(world: GraphStore) -> None:
    """A projection write with no refresh after it (a load killed before its end): scans."""
    from geokg.graph.stores.projection import pair_increments

    if world.kind == "neo4j":
        from geokg.graph.stores.neo4j import MERGE_RELATES
    else:
        from geokg.graph.stores.embedded import MERGE_RELATES
    extra = [
        claim(REUTERS, NATO, "CRITICIZES", RUS, f"NATO criticised Russia ({n}).", confidence=0.99)
        for n in range(4)
    ]
    world.query(MERGE_RELATES, {"rows": pair_increments(extra)}, write=True)
    assert ranking.fresh_edges(world) is None  # the stored ranks are those of before
    got = run_named(world, "network", {"limit": 2})
    assert pick(got, *EDGE)[0] == ("nato", "CRITICIZES", "RUS")  # 5 claims x 0.99, from the scan
    assert got.rows == scan(world, "network", {"limit": 2}).rows
    ranking.refresh(world)
    assert ranking.fresh_edges(world) is not None
    assert run_named(world, "network", {"limit": 2}).rows == got.rows
    every_ranked_case(world)
