"""Acceptance on the shared seed articles: one linker over articles 000-002, checked against the gold file."""

import json
import re

import pytest

from conftest import SHARED
from newsloom.entities import EntityLinker, extract_mentions
from newsloom.model import Article

CORPUS = SHARED / "corpus"
SEEDS = CORPUS / "seeds"
GOLD = CORPUS / "seeds.gold.json"
MUST_BE_ONE = ["Antony Blinken", "Mark Rutte", "Jens Stoltenberg", "Josep Borrell", "Kaja Kallas",
               "Andrii Sybiha", "Joe Biden", "NATO", "European Union", "Ukraine"]

pytestmark = pytest.mark.skipif(not GOLD.exists(), reason="../shared corpus not available")


def load(prefix: str) -> Article:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    lang = "vi" if re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", text) else "en"
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    title = text.split("\n", 1)[0]
    return Article(id=prefix, origin=str(path), title=title, text=text, lang=lang, sentences=sentences)


@pytest.fixture(scope="module")
def linked():
    linker = EntityLinker()
    articles = [load(p) for p in ("000", "001", "002")]
    for article in articles:
        article.mentions = extract_mentions(article)
        linker.link(article)
    return linker, articles


def keys_for(articles: list[Article], variant: str) -> list[str | None]:
    """The entity key of the mention ending where each occurrence of `variant` ends."""
    found = []
    for article in articles:
        for occ in re.finditer(rf"(?<!\w){re.escape(variant)}(?!\w)", article.text):
            ends = [m for m in article.mentions if m.end == occ.end() and m.start >= occ.start() - 40]
            found.append(ends[0].entity if ends else None)
    return found


def test_articles_have_languages_we_expect(linked):
    _, articles = linked
    assert [a.lang for a in articles] == ["vi", "vi", "en"]


def test_gold_entities_are_one_each(linked):
    _, articles = linked
    gold = {e["canonical"]: e for e in json.loads(GOLD.read_text(encoding="utf-8"))["entities"]}
    for canonical in MUST_BE_ONE:
        keys = {k for v in gold[canonical]["variants"] + [canonical] for k in keys_for(articles, v)}
        assert len(keys) == 1 and None not in keys, (canonical, keys)


def test_every_gold_variant_present_maps_to_its_canonical(linked):
    _, articles = linked
    for entity in json.loads(GOLD.read_text(encoding="utf-8"))["entities"]:
        present = {v: keys_for(articles, v) for v in entity["variants"] + [entity["canonical"]]}
        present = {v: ks for v, ks in present.items() if ks}
        if not present:
            continue
        expected = (present.get(entity["canonical"]) or next(iter(present.values())))[0]
        assert expected is not None, entity["canonical"]
        for variant, ks in present.items():
            assert set(ks) == {expected}, (entity["canonical"], variant, ks)


def test_canonical_names_prefer_the_full_latin_form(linked):
    linker, _ = linked
    names = {e.key: e.name for e in linker.entities()}
    assert names["LOC:united states"] == "United States"
    assert names["ORG:european union"] == "European Union"
    assert names["LOC:ukraine"] == "Ukraine"
    blinken = [e for e in linker.entities() if "Blinken" in e.aliases]
    assert len(blinken) == 1 and blinken[0].name == "Antony Blinken"
