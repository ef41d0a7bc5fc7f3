"""Time: date expressions resolved against the publication date, with granularity."""

from __future__ import annotations

from spacy.language import Language

from geokg.ingest.extraction.dates import resolve_date
from tests.ingest.extraction_support import claims_of, nlp_fixture  # noqa: F401


def when(sentence: str, published: str | None) -> dict[str, str] | None:
    claims = claims_of(sentence, published)
    assert claims, sentence
    spans = {(c.time.start, c.time.end, c.time.granularity) if c.time else None for c in claims}
    assert len(spans) == 1, spans
    span = spans.pop()
    return None if span is None else {"start": span[0], "end": span[1], "granularity": span[2]}


def test_a_planned_month_is_the_next_one() -> None:
    assert when("India and Iran will sign the port agreement in October.", "2024-09-20") == {
        "start": "2024-10-01",
        "end": "2024-10-31",
        "granularity": "month",
    }


def test_a_past_month_is_the_last_one() -> None:
    assert when("Back in July, Iran sent drones to Sudan.", "2024-09-20") == {
        "start": "2024-07-01",
        "end": "2024-07-31",
        "granularity": "month",
    }
    # Past tense and a month still ahead in the calendar: the year before.
    assert when("Iran sent drones to Sudan in November.", "2024-09-20")["start"] == "2023-11-01"  # type: ignore[index]


def test_a_weekday_is_the_one_before_publication() -> None:
    # 2024-09-20 was a Friday.
    assert when("Iran sent drones to Sudan on Monday.", "2024-09-20") == {
        "start": "2024-09-16",
        "end": "2024-09-16",
        "granularity": "day",
    }


def test_years_and_full_dates_need_no_publication_date() -> None:
    assert when("Russia invaded Georgia in 2008.", None) == {
        "start": "2008-01-01",
        "end": "2008-12-31",
        "granularity": "year",
    }
    assert when("Russia invaded Georgia on 7 August 2008.", None) == {
        "start": "2008-08-07",
        "end": "2008-08-07",
        "granularity": "day",
    }


def test_a_relative_date_without_publication_date_stays_open() -> None:
    assert when("Iran sent drones to Sudan in July.", None) is None


def test_a_date_of_another_clause_is_not_taken() -> None:
    span = when("Iran sent drones to Sudan, a report published in March said.", "2024-09-20")
    assert span is None


def test_seasons() -> None:
    assert when("Denmark will deliver F-16s to Ukraine this summer.", "2024-03-01") == {
        "start": "2024-06-01",
        "end": "2024-08-31",
        "granularity": "month",
    }


def test_resolve_date_directly() -> None:
    assert resolve_date("last year", "2024-05-05") == {
        "start": "2023-01-01",
        "end": "2023-12-31",
        "granularity": "year",
    }
    assert resolve_date("a day", "2024-05-05") is None  # a duration, not a date


def test_time_component_fills_records(nlp: Language) -> None:
    doc = nlp.make_doc("Chad expelled nobody. Sudan attacked Chad on Sunday.")
    doc._.published = "2024-06-05"
    doc = nlp(doc)
    (record,) = doc._.relations
    assert record["time"] == {"start": "2024-06-02", "end": "2024-06-02", "granularity": "day"}
