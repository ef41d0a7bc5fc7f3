"""The README follows a user's path and its examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def headings() -> list[str]:
    return re.findall(r"^## (.+)$", README, flags=re.MULTILINE)


def test_it_opens_with_the_two_commands() -> None:
    first_block = README.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block
    assert README.index("make demo") < README.index("## ")


def test_it_follows_a_users_path() -> None:
    path = ["A first session", "From news text to claims", "Claims", "The store", "Cypher",
            "Named queries", "RDF", "Structured events: GDELT"]  # fmt: skip
    found = headings()
    at = [next(i for i, h in enumerate(found) if h.startswith(step)) for step in path]
    assert at == sorted(at), found


def test_storage_internals_live_in_docs() -> None:
    storage = (ROOT / "docs" / "storage.md").read_text("utf-8")
    for internal in ("Why LadybugDB", "Writes go in batches", "`RELATES` is the projection"):
        assert internal not in README and internal in storage
    assert "docs/storage.md" in README


def test_the_csv_claim_file_example_loads(tmp_path: Path) -> None:
    (example,) = re.findall(r"```csv\n(.*?)```", README, flags=re.DOTALL)
    claims = tmp_path / "claims.csv"
    claims.write_text(example, "utf-8")
    done = run_cli("ingest", str(claims), "--store", str(tmp_path / "g.db"))
    assert done.returncode == 0, done.stderr
    assert "claims new to the store │ 2" in done.stdout
    # As the README says: the three columns are not enough, a row names its source.
    claims.write_text("subject_id,predicate,object_id\nRUS,SUPPLIES,IRN\n", "utf-8")
    bare = run_cli("ingest", str(claims), "--store", str(tmp_path / "g.db"))
    assert bare.returncode == 2 and f"{claims}:2: missing source" in bare.stderr
    assert "`doc_id` or `source_url`" in README
