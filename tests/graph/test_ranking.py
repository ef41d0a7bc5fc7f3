"""The edge order the loaders keep (``ranking.py``): defined once, kept with few writes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geokg.graph.stores.ranking import STRENGTH_COUNT, edge_ranks, place_ranks


def test_edge_ranks_are_the_queries_order() -> None:
    edges = pd.DataFrame(
        [("USA", "ISR", "SUPPLIES", 1, 0.9), ("RUS", "IRN", "SUPPLIES", 2, 0.9),
         ("IRN", "RUS", "SUPPLIES", 2, 0.9), ("IRN", "RUS", "ALLIES_WITH", 2, 0.9),
         ("CHN", "RUS", "SUPPLIES", 0, 0.8)],
        columns=["from", "to", "predicate", STRENGTH_COUNT, "max_confidence"],
    )  # fmt: skip
    # strength desc (1.8, 1.8, 1.8, 0.9, 0.0), then from, to, predicate
    assert edge_ranks(edges).tolist() == [3, 2, 1, 0, 4]


def test_only_touched_edges_get_new_ranks_and_the_order_is_the_new_one() -> None:
    rng = np.random.default_rng(7)
    for _ in range(200):
        count = int(rng.integers(1, 40))
        positions = rng.permutation(count)  # the new order
        old = positions.astype("float64") * float(rng.choice([1.0, 0.5, 3.0]))
        touched = rng.random(count) < rng.random()
        old[touched] = np.nan
        # an untouched edge keeps its place relative to the other untouched ones
        ranks = place_ranks(positions, old)
        assert np.array_equal(np.argsort(ranks), np.argsort(positions))
        assert np.array_equal(ranks[~touched], old[~touched])


def test_no_room_left_renumbers_every_edge() -> None:
    positions = np.arange(4)
    old = np.array([0.0, np.nan, np.nan, np.nextafter(0.0, 1.0)])
    assert place_ranks(positions, old).tolist() == [0.0, 1.0, 2.0, 3.0]
    out_of_order = np.array([2.0, np.nan, 1.0, 3.0])  # kept ranks no longer in order
    assert place_ranks(positions, out_of_order).tolist() == [0.0, 1.0, 2.0, 3.0]
