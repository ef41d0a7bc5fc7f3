"""Reading articles: text with front matter, HTML, JSONL, folders, stdin; bad input reported."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from geokg.errors import InputError
from geokg.ingest.documents import read_documents
from tests.ingest.extraction_support import FIXTURES


def test_front_matter_gives_title_url_date_and_publisher() -> None:
    (doc,) = read_documents([str(FIXTURES / "korea-munitions.md")])
    assert doc.title == "Pyongyang ships shells to Moscow"
    assert doc.url == "https://example.org/news/pyongyang-shells"
    assert doc.published == "2023-10-14"
    assert doc.publisher == "Example Wire"
    assert doc.text.startswith("# Pyongyang ships shells")
    assert "---" not in doc.text


def test_document_id_is_the_url_hash_and_stable() -> None:
    (a,) = read_documents([str(FIXTURES / "korea-munitions.md")])
    (b,) = read_documents([str(FIXTURES / "korea-munitions.md")])
    assert a.id == b.id
    (c,) = read_documents([str(FIXTURES / "korea-munitions.md")], url="https://example.org/other")
    assert c.id != a.id


def test_options_override_a_plain_text_article() -> None:
    (doc,) = read_documents(
        [str(FIXTURES / "seed-article.txt")],
        published="2024-09-20",
        title="Seed",
        url="https://x.test/a",
    )
    assert (doc.published, doc.title, doc.url) == ("2024-09-20", "Seed", "https://x.test/a")
    assert doc.text.startswith("The enemy")


def test_html_article_text_and_metadata_come_from_trafilatura() -> None:
    (doc,) = read_documents([str(FIXTURES / "sanctions.html")])
    assert "imposed new sanctions on Iran" in doc.text
    assert "Copyright" not in doc.text and "Home" not in doc.text.split("\n")[0]
    assert doc.published == "2023-12-11"
    assert doc.url == "https://example.com/world/eu-sanctions-iran"
    assert doc.title and "sanctions" in doc.title.lower()


def test_jsonl_bad_lines_are_reported_with_line_numbers_and_the_rest_loads() -> None:
    errors: list[InputError] = []
    docs = list(read_documents([str(FIXTURES / "documents.jsonl")], errors=errors))
    assert [d.id for d in docs[:3]] == ["a1", "a2", "a5"]
    assert docs[0].published == "2024-01-08" and docs[0].title == "Rockets"
    # a5's date is bad: the text is kept, without a date.
    assert docs[2].published is None
    # The last line has no id: its id is the hash of its URL.
    assert docs[3].url == "https://example.net/houthis" and len(docs[3].id) == 16
    where = {(e.line, e.reason.split(" ")[0]) for e in errors}
    assert {e.line for e in errors} == {3, 4, 5, 6}
    assert all(str(e).startswith(f"{FIXTURES / 'documents.jsonl'}:{e.line}: ") for e in errors)
    assert any("claim" in e.reason for e in errors if e.line == 6), where


def test_without_an_error_list_the_first_error_is_raised_after_the_good_documents() -> None:
    seen = []
    with pytest.raises(InputError) as exc:
        for doc in read_documents([str(FIXTURES / "documents.jsonl")]):
            seen.append(doc.id)
    assert len(seen) == 4
    assert exc.value.line == 3


def test_a_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Russia attacked Ukraine.", encoding="utf-8")
    (tmp_path / "a.md").write_text("---\nid: first\n---\nIran attacked Israel.", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("not an article", encoding="utf-8")
    docs = list(read_documents([str(tmp_path)]))
    assert [d.id for d in docs][0] == "first"
    assert len(docs) == 2
    assert docs[1].text == "Russia attacked Ukraine."


def test_missing_path_non_utf8_and_unclosed_front_matter_are_errors(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 diplomacy".encode("latin-1"))
    open_fm = tmp_path / "open.md"
    open_fm.write_text("---\ntitle: x\nno end here\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Turkey joined the talks.", encoding="utf-8")
    errors: list[InputError] = []
    docs = list(
        read_documents(
            [str(tmp_path / "nope.txt"), str(bad), str(open_fm), str(good)], errors=errors
        )
    )
    reasons = " | ".join(str(e) for e in errors)
    assert "no such file" in reasons and "not UTF-8" in reasons and "never closed" in reasons
    assert [d.text for d in docs][-1] == "Turkey joined the talks."


def test_stdin_jsonl_and_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"id": "s1", "text": "Iran attacked Israel."}\n'))
    (doc,) = read_documents(["-"])
    assert doc.id == "s1"
    monkeypatch.setattr("sys.stdin", io.StringIO("Russia attacked Ukraine."))
    (doc,) = read_documents(["-"], published="2022-02-24")
    assert doc.published == "2022-02-24"


def test_a_bad_published_option_fails_at_once() -> None:
    with pytest.raises(InputError):
        list(read_documents([str(FIXTURES / "seed-article.txt")], published="someday soon"))
