"""Check that demo/expected.json still matches demo/corpus: run `python demo/check_expected.py` after an edit.

It checks the corpus itself, not newsloom: every reference exists, every quote, amount, date and entity
variant appears in its article, the planted duplicates are what expected.json says they are, and
everything is NFC.
"""

from __future__ import annotations

import html
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"


def read_corpus() -> dict[str, str]:
    """Title and text of every article, keyed as expected.json refers to it (tags stripped from HTML)."""
    texts: dict[str, str] = {}
    for path in sorted(CORPUS.iterdir()):
        raw = path.read_text(encoding="utf-8")
        if not unicodedata.is_normalized("NFC", raw):
            raise ValueError(f"{path.name} is not NFC")
        if path.suffix == ".jsonl":
            for line_no, line in enumerate(raw.splitlines(), 1):
                rec = json.loads(line)
                if set(rec) != {"title", "text", "url", "published", "source"}:
                    raise ValueError(f"{path.name}:{line_no} has fields {sorted(rec)}")
                texts[f"{path.name}:{line_no}"] = rec["title"] + "\n" + rec["text"]
        elif path.suffix == ".html":
            texts[path.name] = html.unescape(re.sub(r"<[^>]+>", " ", raw))
        else:
            texts[path.name] = raw
    return texts


def check(expected: dict, texts: dict[str, str]) -> list[str]:
    problems: list[str] = []

    def need(ref: str, fragment: str, what: str) -> None:
        if ref not in texts:
            problems.append(f"{what}: no article {ref}")
        elif fragment not in texts[ref]:
            problems.append(f"{what}: {fragment!r} not in {ref}")

    refs = [a["ref"] for a in expected["articles"]]
    if sorted(refs) != sorted(texts):
        problems.append(f"articles and corpus differ: {sorted(set(refs) ^ set(texts))}")
    for art in expected["articles"]:
        n_words = len(texts.get(art["ref"], "").split())
        if art["format"] != "html" and not 150 <= n_words <= 450:
            problems.append(f"{art['ref']} has {n_words} words")
    for story in expected["stories"]:
        members = [a["ref"] for a in expected["articles"] if a["story"] == story["id"]]
        if story["articles"] != members:
            problems.append(f"story {story['id']} lists {story['articles']}, articles say {members}")
    for q in expected["quotes"]:
        need(q["article"], q["starts"], f"quote of {q['speaker']}")
    for m in expected["amounts"]:
        need(m["article"], m["text"], "amount")
    for d in expected["dates"]:
        need(d["article"], d["text"], "date")
    for conflict in expected["conflicts"]:
        for value_refs in conflict["values"].values():
            for ref in value_refs:
                if ref not in texts:
                    problems.append(f"conflict {conflict['slot']}: no article {ref}")
    for ent in expected["entities"]:
        in_stories = [texts[a["ref"]] for a in expected["articles"] if a["story"] in ent["stories"]]
        for variant in ent["variants"]:
            if not any(variant in t for t in in_stories):
                problems.append(f"entity {ent['canonical']}: variant {variant!r} not found")

    exact, near = expected["duplicates"]
    first, second = exact["articles"]
    if (CORPUS / first).read_bytes() != (CORPUS / second).read_bytes():
        problems.append(f"{first} and {second} are no longer identical")
    cut = near["changes"]["cut_paragraph_starts"]
    need(near["original"], cut, "near-duplicate original")
    if cut in texts.get(near["copy"], ""):
        problems.append("the near-duplicate copy still has the cut paragraph")
    for old, new in near["changes"]["words"]:
        need(near["original"], old, "near-duplicate original")
        need(near["copy"], new, "near-duplicate copy")
    return problems


def main() -> int:
    expected = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    problems = check(expected, read_corpus())
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)" if problems else "demo corpus matches expected.json")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
