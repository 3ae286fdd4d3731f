"""The entity linker over a store: it links exactly as the linker that holds everything in memory, reading
only the names each article can use and keeping none of them once a batch is written."""

from __future__ import annotations

import pickle

import pytest

from _articles import DEMO
from newsloom.entities import link
from newsloom.entities.lexicon import Lexicon, StoreLexicon
from newsloom.entities.link import EntityLinker, _gazetteer_first_words, _gazetteer_prefixes
from newsloom.ingest import read_sources
from newsloom.model import RawItem
from newsloom.stages import process
from newsloom.store import SQLiteStore


def _demo_items() -> list[RawItem]:
    items = [i for i in read_sources([str(DEMO)]) if isinstance(i, RawItem)]
    assert len(items) > 15
    return items


def _mentions(article) -> list[tuple]:
    return [(m.text, m.start, m.label, m.entity) for m in article.mentions]


@pytest.mark.parametrize("kept", [None, 0])  # names and entities kept from batch to batch, or none
def test_a_linker_over_a_store_links_as_one_in_memory(tmp_path, monkeypatch, kept):
    if kept is not None:
        monkeypatch.setattr(link, "_NAMES_KEPT", kept)
        monkeypatch.setattr(link, "_ENTITIES_KEPT", kept)
    items = _demo_items()
    in_memory = EntityLinker()
    expected = [_mentions(process(i, in_memory)) for i in items]
    with SQLiteStore(tmp_path / "s.db") as store:
        got = []
        linker = EntityLinker(store=store)
        for start in range(0, len(items), 4):  # batches of four, each written as the pipeline does
            if start % 8 == 0:
                linker = EntityLinker(store=store)  # a new process: it has only the store
            batch = [process(i, linker) for i in items[start:start + 4]]
            with store.transaction():
                store.save_entities(linker.entities({m.entity for a in batch for m in a.mentions if m.entity}))
                linker.flush()
            if kept == 0:
                assert not linker.known.live and not linker._lexicon._read  # nothing held once written
            got += [_mentions(a) for a in batch]
        assert got == expected
        # what was learned is in the store: the names and entities an in-memory linker ends with
        assert sorted(store.lexicon(n for _, n, _ in in_memory.lexicon_rows())) == \
            sorted((kind, name, key) for kind, name, key in in_memory.lexicon_rows())
        assert {e.key for e in store.entities()} == set(in_memory.known)


def test_a_lexicon_gives_a_name_to_the_first_entity_only(tmp_path):
    with SQLiteStore(tmp_path / "s.db") as store:
        lexicon = StoreLexicon(store)
        lexicon.take("alias", "hanul", "ORG:hanul energy")
        lexicon.take("alias", "hanul", "PERSON:hanul")
        lexicon.add("surname", "kim", "PERSON:kim jong un")
        lexicon.mark("first_word", ["kim"])
        with store.transaction():
            lexicon.flush()
        again = StoreLexicon(store)
        again.take("alias", "hanul", "LOC:hanul")
        assert again.first("alias", "hanul") == "ORG:hanul energy"
        assert again.many("surname", "kim") == {"PERSON:kim jong un"} and again.has("first_word", "kim")
        assert not again.has("first_word", "lee") and again.first("stem", "hanul") is None


def test_a_linker_pickled_before_the_lexicon_reads_back_the_same_names():
    """A snapshot of STATE_VERSION 3 holds the linker's dicts; read back, they are one lexicon."""
    linker = EntityLinker()
    for item in _demo_items()[:6]:
        process(item, linker)
    state = pickle.loads(pickle.dumps(linker)).__dict__
    lexicon: Lexicon = state.pop("_lexicon")
    old = {"_alias": dict(lexicon._first["alias"]), "_stems": dict(lexicon._first["stem"]),
           "_written": lexicon._many["written"], "_surnames": lexicon._many["surname"],
           "_surnames_written": lexicon._many["surname_written"],
           # the old sets held the gazetteer's words too
           "_first_words": lexicon._words["first_word"] | _gazetteer_first_words(),
           "_prefixes": lexicon._words["prefix"] | _gazetteer_prefixes()}
    back = EntityLinker.__new__(EntityLinker)
    back.__setstate__({**state, **old})
    assert sorted(back.lexicon_rows()) == sorted(linker.lexicon_rows())


def test_a_batch_that_fails_leaves_the_linker_as_the_store_is(tmp_path):
    """Names learned from a batch whose transaction failed are dropped with it: the next batch does not
    write names of entities the store never got (they would name nothing)."""
    items = _demo_items()
    with SQLiteStore(tmp_path / "s.db") as store:
        linker = EntityLinker(store=store)
        try:
            with store.transaction():
                batch = [process(i, linker) for i in items[:4]]
                raise RuntimeError("the batch fails before it is written")
        except RuntimeError:
            linker.forget()  # as the pipeline does when a batch fails
        batch = [process(i, linker) for i in items[:4]]
        with store.transaction():
            store.save_entities(linker.entities({m.entity for a in batch for m in a.mentions if m.entity}))
            linker.flush()
        in_memory = EntityLinker()
        expected = [_mentions(process(i, in_memory)) for i in items[:4]]
        assert [_mentions(a) for a in batch] == expected
        rows = sorted(in_memory.lexicon_rows())
        assert sorted(store.lexicon(n for _, n, _ in rows)) == rows
        assert {k for _, _, k in rows if k} <= {e.key for e in store.entities()}
