#!/usr/bin/env python3
"""Re-fetch the texts of the real-news corpus into a cache outside git.

The corpus (eval/corpus.jsonl) keeps only facts about each excerpt: its url,
the search query that found it, its date, its gold claims, and a fingerprint
of its text (word count and the SHA-256 of its words joined by single
spaces). This script downloads each page, extracts its text with
trafilatura, finds the window of words whose fingerprint matches, and writes
it to CACHE/ID.txt (default ~/.cache/geokg/corpus, or $GEOKG_CORPUS_CACHE).

    python eval/fetch.py                      # fetch what the cache lacks
    python eval/fetch.py --check              # which cached texts match
    python eval/fetch.py fingerprint FILE...  # words and sha256 of a text

Excerpts that a page no longer yields are listed and counted, never guessed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from pathlib import Path

CORPUS = Path(__file__).with_name("corpus.jsonl")


def default_cache() -> Path:
    return Path(os.environ.get("GEOKG_CORPUS_CACHE", Path.home() / ".cache/geokg/corpus"))


def fingerprint(text: str) -> tuple[int, str]:
    """Word count and SHA-256 of the words joined by single spaces."""
    words = text.split()
    return len(words), hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def find_window(page: str, words: int, sha256: str) -> str | None:
    """The stretch of ``page`` (original spacing kept) whose fingerprint matches."""
    spans = [m.span() for m in re.finditer(r"\S+", page)]
    tokens = [page[a:b] for a, b in spans]
    for i in range(0, len(tokens) - words + 1):
        joined = " ".join(tokens[i : i + words])
        if hashlib.sha256(joined.encode("utf-8")).hexdigest() == sha256:
            return page[spans[i][0] : spans[i + words - 1][1]]
    return None


def fetch_page(url: str) -> str | None:
    import trafilatura  # a dependency of geokg itself

    downloaded = trafilatura.fetch_url(url)
    if not downloaded:
        return None
    return trafilatura.extract(downloaded, include_comments=False, favor_recall=True)


def load(corpus: Path) -> list[dict]:
    return [json.loads(line) for line in corpus.read_text("utf-8").splitlines() if line.strip()]


def cached_ok(entry: dict, cache: Path) -> bool:
    path = cache / f"{entry['id']}.txt"
    return path.exists() and fingerprint(path.read_text("utf-8")) == (
        entry["words"],
        entry["sha256"],
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", nargs="?", default="fetch", choices=["fetch", "fingerprint"])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--check", action="store_true", help="only report what the cache holds")
    args = ap.parse_args(argv)
    if args.command == "fingerprint":
        for name in args.files:
            words, digest = fingerprint(Path(name).read_text("utf-8"))
            print(json.dumps({"file": name, "words": words, "sha256": digest}))
        return 0
    cache = args.cache or default_cache()
    cache.mkdir(parents=True, exist_ok=True)
    entries = load(args.corpus)
    have = [e for e in entries if cached_ok(e, cache)]
    missing = [e for e in entries if not cached_ok(e, cache)]
    print(f"{len(have)} of {len(entries)} excerpts cached and matching in {cache}")
    if args.check or not missing:
        return 0 if not missing else 1
    lost = []
    for entry in missing:
        try:
            page = fetch_page(entry["url"])
        except Exception as exc:  # network errors of any kind: report, keep going
            page = None
            print(f"{entry['id']}: {entry['url']}: {exc}", file=sys.stderr)
        text = find_window(page, entry["words"], entry["sha256"]) if page else None
        if text is None:
            lost.append(entry["id"])
            continue
        (cache / f"{entry['id']}.txt").write_text(text + "\n", "utf-8")
    print(f"fetched {len(missing) - len(lost)}, not found {len(lost)}: {' '.join(lost)}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
