"""Benchmark of ``extract_claims`` against bare ``nlp.pipe`` over the same text.

Builds a deterministic corpus (seeded, from sentence templates and the
sample articles; no downloads) of at least 200 articles, times bare
``en_core_web_sm`` ``nlp.pipe`` and the full extraction on it in the same
run, prints documents/s, words/s and the ratio, and puts a section at the top of
bench/RESULTS.md.

    python bench/extract.py [--docs 240] [--workers N] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import time
from pathlib import Path

from geokg.ingest.documents import Document, read_documents
from geokg.ingest.extraction import extract_claims, load_pipeline
from geokg.ingest.extraction.pipeline import load_model

ROOT = Path(__file__).resolve().parent.parent
STATES = [
    "Russia",
    "Iran",
    "North Korea",
    "China",
    "the United States",
    "Britain",
    "France",
    "Germany",
    "Ukraine",
    "Israel",
    "Turkey",
    "Saudi Arabia",
    "India",
    "Poland",
    "Japan",
]
DEMONYMS = [
    "Russian",
    "Iranian",
    "North Korean",
    "Chinese",
    "American",
    "British",
    "French",
    "German",
    "Ukrainian",
    "Israeli",
    "Turkish",
    "Saudi",
    "Indian",
    "Polish",
    "Japanese",
]
ITEMS = [
    "artillery shells",
    "Shahed-136 drones",
    "ballistic missiles",
    "F-16 jets",
    "air-defence systems",
    "HIMARS launchers",
    "radars",
    "howitzers",
]
TEMPLATES = [
    "{a} has delivered {item} to {b}, {c} officials said.",
    "{a} accused {b} of supplying {item} to {c2}.",
    "{A} forces struck targets in {b} on Monday.",
    "{a} and {b} signed a strategic partnership agreement in {month}.",
    "{a} imposed new sanctions on {b} after the talks collapsed.",
    "{a} may send {item} to {b} next month, according to diplomats.",
    "{a} denied that it had sent {item} to {b}.",
    "The foreign ministers of {a} and {b} met in Geneva to discuss the war.",
    "{a} pledged to train {B} pilots before the end of the year.",
    "Analysts said the economy of {a} grew slowly while inflation stayed high.",
    "Markets in {a} fell sharply as investors weighed the news from {b}.",
]
MONTHS = ["January", "March", "May", "July", "October", "December"]


def corpus(n_docs: int, seed: int = 7) -> list[Document]:
    """n_docs articles of 8-14 sentences each, the same on every run."""
    rng = random.Random(seed)
    samples = list(read_documents([str(ROOT / "samples" / "articles")]))
    docs: list[Document] = []
    for n in range(n_docs):
        sentences = []
        for _ in range(rng.randint(8, 14)):
            i, j, k = rng.sample(range(len(STATES)), 3)
            sentence = rng.choice(TEMPLATES).format(
                a=STATES[i],
                b=STATES[j],
                c=DEMONYMS[k],
                c2=STATES[k],
                A=DEMONYMS[i],
                B=DEMONYMS[j],
                item=rng.choice(ITEMS),
                month=rng.choice(MONTHS),
            )
            sentences.append(sentence[0].upper() + sentence[1:])
        if n % 10 == 0:
            sentences.append(samples[n // 10 % len(samples)].text)
        docs.append(Document(id=f"bench-{n:04d}", text=" ".join(sentences), published="2024-09-20"))
    return docs


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores (nproc), {cpu}, {platform.system()} {platform.release()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=240)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--no-write", action="store_true", help="do not write to bench/RESULTS.md")
    args = ap.parse_args()

    docs = corpus(max(200, args.docs))
    words = sum(len(d.text.split()) for d in docs)
    bare = load_model()
    full = load_pipeline()
    texts = [d.text for d in docs]
    # Warm both pipelines so neither pays first-call costs inside the timing.
    list(bare.pipe(texts[:5]))
    list(full.pipe(texts[:5]))

    t0 = time.perf_counter()
    for _ in bare.pipe(texts, n_process=args.workers, batch_size=32):
        pass
    bare_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    claims = sentences = 0
    for _doc, found, n_sent in extract_claims(docs, workers=args.workers):
        claims += len(found)
        sentences += n_sent
    full_s = time.perf_counter() - t0

    rows = [
        ("bare nlp.pipe (en_core_web_sm)", bare_s),
        ("extract_claims (full pipeline + claims)", full_s),
    ]
    lines = [
        f"corpus: {len(docs)} documents, {sentences} sentences, {words} words, {claims} claims; "
        f"workers={args.workers}",
        "",
        "| run | seconds | documents/s | words/s |",
        "|---|---|---|---|",
    ]
    for name, secs in rows:
        lines.append(f"| {name} | {secs:.2f} | {len(docs) / secs:.1f} | {words / secs:,.0f} |")
    lines += ["", f"ratio extract / bare nlp.pipe: **{full_s / bare_s:.2f}x** (target <= 1.5x)"]
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        header = (
            f"## extract\n\n`python bench/extract.py --docs {args.docs} --workers {args.workers}`"
            f" — {dt.date.today().isoformat()}, {machine()}\n\n"
        )
        results = ROOT / "bench" / "RESULTS.md"  # newest first, as the other benches write
        results.write_text(header + report + "\n\n" + results.read_text(encoding="utf-8"),
                           encoding="utf-8")  # fmt: skip


if __name__ == "__main__":
    main()
