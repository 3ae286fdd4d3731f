"""Articles through the real per-article stages, shared by the tests of entities, claims and sources
compared: `build` one from text, or take the seed and demo articles built with one linker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import pytest

from newsloom.entities.link import EntityLinker
from newsloom.facts.claims import durations, measures, meetings, statements
from newsloom.model import Article, RawItem
from newsloom.stages import process

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"
DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared corpus not available")

# Capitalised sentences first, so the linker knows the names before it meets them lowercased:
# the entity stage finds "mark rutte" in lowercase text only as an alias it has already seen.
_PRIMERS = ("US Secretary of State Antony Blinken met NATO Secretary General Mark Rutte and EU foreign policy "
            "chief Josep Borrell in Brussels.",
            "Tại Brussels, Ngoại trưởng Mỹ Antony Blinken gặp Ngoại trưởng Anh David Lammy, Tổng thống Joe Biden "
            "và Ngoại trưởng Ukraine Andrii Sybiha.")


@lru_cache(maxsize=1)
def _linker() -> EntityLinker:
    linker = EntityLinker()
    for text in _PRIMERS:
        build(text, linker=linker)
    return linker


def build(text: str, title: str = "", linker: EntityLinker | None = None, item: RawItem | None = None) -> Article:
    """An article through the pipeline's per-article stages and linking (newsloom.stages.process)."""
    return process(item or RawItem("test", title, text), linker or _linker())


def from_outlets(texts: Sequence[str], published: Sequence[datetime]) -> list[Article]:
    """`texts` as a story's articles, each from an outlet of its own ("outlet0", …) published at its time, in
    that order (`seq`): the sources `compare_story` sets against each other."""
    return [replace(build(text, item=RawItem(f"t{i}", f"Tin {i}", text, source=f"outlet{i}", published=when)), seq=i)
            for i, (text, when) in enumerate(zip(texts, published, strict=True))]


def key(article: Article, name: str) -> str:
    """The entity key the linker gave the mention written `name`."""
    return next(m.entity for m in article.mentions if m.text.lower() == name.lower() and m.entity)


@lru_cache(maxsize=1)
def seed_articles() -> dict[str, Article]:
    """The five seed articles (title = first line), one linker over all of them, in file order."""
    linker = EntityLinker()
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        title, _, text = path.read_text(encoding="utf-8").partition("\n")
        out[path.name[:3]] = build(text, title, linker)
    return out


@lru_cache(maxsize=1)
def demo_articles() -> dict[str, Article]:
    """The team's demo corpus (demo/corpus) through the stages, one linker over all of it in reading
    order, by reference: the file name, or "wire.jsonl:LINE". A near copy gets `copy_of` as in the
    pipeline's dedup stage."""
    import tempfile

    from newsloom.dedup import band_keys, find_near, signature
    from newsloom.ingest import read_sources
    from newsloom.store import SQLiteStore

    linker = EntityLinker()
    out: dict[str, Article] = {}
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "near.db") as near:
        for seq, item in enumerate(read_sources([str(DEMO)])):
            assert isinstance(item, RawItem), item
            article = build(item.text, item.title, linker, item)
            sig = signature(article.text)
            hit = find_near(near, sig)
            article.copy_of = hit[0] if hit else None
            if near.origin_of(article.id) is None:
                with near.transaction():
                    near.add_article(article, sig.tobytes(), None, band_keys(sig))
            article.seq = seq
            out[Path(item.origin).name] = article
    return out


def compare_demo(refs: list[str]) -> dict:
    """The comparison of the demo articles `refs` (one story) on the claims of these modules, by slot."""
    from dataclasses import replace

    from newsloom.facts.compare import compare_story

    demo = demo_articles()
    articles = [replace(a, claims=[c for kind in (meetings, measures, durations, statements) for c in kind.extract(a)])
                for a in {demo[r].id: demo[r] for r in refs}.values()]
    return {f.slot: f for f in compare_story(articles).findings}
