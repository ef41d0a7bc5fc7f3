"""The claim model and the predicate vocabulary."""

from __future__ import annotations

import pytest

from geokg.errors import InputError, VocabularyError
from geokg.graph.claims import Actor, Claim, EventCode, Evidence, Item, Source, TimeSpan
from geokg.graph.vocabulary import predicate, predicates

RUS = Actor("RUS", "Russia")
IRN = Actor("IRN", "Iran")
SRC = Source.create(url="https://example.org/a", published="2024-09-20")


def claim(**changes: object) -> Claim:
    base: dict[str, object] = {
        "source": SRC,
        "subject": RUS,
        "predicate": "SUPPLIES",
        "object": IRN,
        "item": Item("Iskander", "WeaponSystem"),
        "evidence": Evidence("Russia supplied Iran with Iskanders.", 0, 36),
    }
    base.update(changes)
    return Claim(**base)  # type: ignore[arg-type]


def test_claim_id_is_a_content_hash_of_what_the_claim_says() -> None:
    assert claim().id == claim().id
    other_values = {
        "source": Source.create(url="https://example.org/b"),
        "subject": Actor("BLR", "Belarus"),
        "predicate": "ATTACKS",
        "object": Actor("UKR", "Ukraine"),
        "item": Item("S-400"),
        "evidence": Evidence("Russia supplied Iran with Iskanders.", 40, 76),
    }
    ids = {name: claim(**{name: value}).id for name, value in other_values.items()}
    assert claim().id not in ids.values()
    assert len(set(ids.values())) == len(ids)


def test_modality_and_confidence_do_not_change_the_id_but_are_kept() -> None:
    reported = claim(modality="reported", confidence=0.6)
    assert reported.id == claim().id
    assert (reported.modality, reported.confidence) == ("reported", 0.6)


def test_symmetric_predicates_give_one_claim_whichever_way_round() -> None:
    a = claim(predicate="SIGNS_AGREEMENT", subject=RUS, object=IRN)
    b = claim(predicate="SIGNS_AGREEMENT", subject=IRN, object=RUS)
    assert a.id == b.id
    assert claim(subject=RUS, object=IRN).id != claim(subject=IRN, object=RUS).id


def test_unknown_predicate_is_rejected_with_the_known_ones_listed() -> None:
    with pytest.raises(VocabularyError) as err:
        claim(predicate="LOVES")
    assert "'LOVES'" in str(err.value) and "SUPPLIES" in str(err.value)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"modality": "rumoured"}, "unknown modality"),
        ({"confidence": 1.5}, "between 0 and 1"),
        ({"subject": {"id": "RUS", "type": "Planet"}}, "unknown actor type"),
        ({"event": {"code": "042", "quad_class": 7}}, "quad_class 7 is not 1, 2, 3 or 4"),
        ({"event": {"code": "190", "goldstein": -11}}, "goldstein -11.0 is not between"),
        ({"event": {"quad_class": 1}}, "event code without a code"),
    ],
)
def test_bad_values_are_refused(changes: dict[str, object], message: str) -> None:
    data = claim().to_dict()
    data.update(changes)
    with pytest.raises(InputError, match=message):
        Claim.from_dict(data)


def test_json_form_round_trips_every_field() -> None:
    full = claim(
        subject=Actor(
            "sergei-shoigu",
            "Sergei Shoigu",
            "Person",
            ("Shoigu",),
            "Q313133",
            "RUS",
            "Defence Minister",
        ),  # fmt: skip
        modality="reported",
        attributed_to="NBC",
        time=TimeSpan.parse("2024-10"),
        location="Tehran",
        confidence=0.7,
        extractor="test/1",
        event=EventCode("042", "CAMEO", 1, 1.9),
    )
    assert Claim.from_dict(full.to_dict()) == full
    assert full.to_dict()["event"] == {
        "scheme": "CAMEO", "code": "042", "quad_class": 1, "goldstein": 1.9
    }  # fmt: skip
    assert full.to_dict()["subject"]["country"] == "RUS"
    assert full.subject.principal == "RUS"


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        ("2024", "2024-01-01", "2024-12-31", "year"),
        ("2024-02", "2024-02-01", "2024-02-29", "month"),
        ("2024-10-03", "2024-10-03", "2024-10-03", "day"),
        ("2024-10-03T12:00:00Z", "2024-10-03", "2024-10-03", "day"),
    ],
)
def test_time_spans_keep_their_granularity(
    text: str, start: str, end: str, granularity: str
) -> None:
    assert TimeSpan.parse(text) == TimeSpan(start, end, granularity)


@pytest.mark.parametrize("text", ["yesterday", "2024-13", "2024-02-30", ""])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="bad date"):
        TimeSpan.parse(text)


def test_source_id_hashes_the_url_else_the_text() -> None:
    assert Source.create(url="https://x.org/1").id == Source.create(url="https://x.org/1").id
    assert Source.create(url="https://x.org/1").id != Source.create(url="https://x.org/2").id
    assert Source.create(text="abc").id != Source.create(text="abd").id
    with pytest.raises(InputError):
        Source.create()


REQUIRED = """SUPPLIES PROVIDES_AID SIGNS_AGREEMENT ALLIES_WITH COOPERATES_WITH VISITS MEETS
DEPLOYS_TO TRAINS SUPPORTS CRITICIZES THREATENS SANCTIONS ATTACKS RESTORES_RELATIONS
CUTS_RELATIONS MEDIATES JOINS MOBILIZES CONCEDES WITHDRAWS_FROM DEMANDS REJECTS PROTESTS
EXPELS SEIZES""".split()

PLOVER_TYPES = """AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT
THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT""".split()


def test_vocabulary_has_every_required_predicate_with_a_consistent_sign() -> None:
    vocab = predicates()
    assert set(REQUIRED) <= set(vocab)
    for p in vocab.values():
        if p.family == "conflict":
            assert p.weight < 0, p.name
        elif p.family in ("cooperation", "material_support", "diplomacy"):
            assert p.weight > 0, p.name
        if p.family != "other":
            assert len(p.cameo) == 2 and p.cameo.isdigit(), p.name
            assert p.plover, p.name
    assert predicate("ALLIES_WITH").symmetric and not predicate("SUPPLIES").symmetric


def test_vocabulary_covers_all_sixteen_plover_event_types() -> None:
    covered = {p.plover for p in predicates().values() if p.plover}
    assert covered == set(PLOVER_TYPES)


def test_the_vocabulary_document_lists_every_predicate_with_its_plover_type() -> None:
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "vocabulary.md").read_text("utf-8")
    for p in predicates().values():
        assert f"| {p.name} |" in doc, p.name
        if p.plover:
            assert p.plover in doc, p.name
