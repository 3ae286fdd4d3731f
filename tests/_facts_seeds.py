"""Build seed Articles for the fact tests: title = line 1, a simple sentence split, and mentions
of the hand-labelled entity variants (standing in for the entity stage)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from newsloom.model import Article, Mention

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def gold() -> dict:
    return json.loads((SHARED / "seeds.gold.json").read_text(encoding="utf-8"))


def split_sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def gold_mentions(text: str, entities: list[dict]) -> list[Mention]:
    """Every gold variant found in `text`, longest first, never overlapping."""
    found: list[Mention] = []
    variants = sorted(((v, e) for e in entities for v in e["variants"]), key=lambda ve: -len(ve[0]))
    for variant, ent in variants:
        for m in re.finditer(rf"(?<!\w){re.escape(variant)}(?!\w)", text):
            if not any(o.start < m.end() and m.start() < o.end for o in found):
                found.append(Mention(variant, ent["type"], m.start(), m.end(), entity=ent["canonical"]))
    return sorted(found, key=lambda m: m.start)


def seed_article(name: str, with_mentions: bool = True) -> Article:
    title, _, text = (SHARED / "seeds" / name).read_text(encoding="utf-8").partition("\n")
    mentions = gold_mentions(text, gold()["entities"]) if with_mentions else []
    return Article(id=name, origin=name, title=title, text=text, sentences=split_sentences(text),
                   mentions=mentions)
