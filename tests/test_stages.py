"""The declared stages: the pipeline checks its list when it starts, and `process` runs the per-article
stages as the pipeline does."""

from __future__ import annotations

import pytest

from conftest import DEMO
from newsloom.ingest import read_sources
from newsloom.pipeline import Pipeline
from newsloom.stages import BY_NAME, STAGES, StageError, check, process
from newsloom.store import SQLiteStore


def _without(name: str):
    return [s for s in STAGES if s.name != name]


def test_the_declared_list_is_complete_and_ordered():
    check(STAGES)
    assert [s.name for s in STAGES][:5] == ["normalise", "language", "sentences", "dates", "mentions"]
    assert all(s.doc for s in STAGES)


@pytest.mark.parametrize(("removed", "needing"), [("quotes", "claims"), ("sentences", "dates"),
                                                  ("mentions", "link"), ("embed", "cluster")])
def test_removing_a_needed_stage_names_both(removed, needing):
    with pytest.raises(StageError) as err:
        check(_without(removed))
    assert f"the stage {needing!r}" in str(err.value) and f"the stage {removed!r}" in str(err.value)


def test_a_stage_before_what_it_needs_is_refused():
    order = [s for s in STAGES if s.name != "amounts"]
    order.insert(order.index(BY_NAME["quotes"]), BY_NAME["amounts"])
    check(order)  # amounts needs only sentences and lang: anywhere after them is fine
    claims_first = [s for s in STAGES if s.name != "claims"]
    claims_first.insert(claims_first.index(BY_NAME["quotes"]), BY_NAME["claims"])
    with pytest.raises(StageError, match="'claims' needs 'quotes', which the stage 'quotes' sets after it"):
        check(claims_first)


def test_the_pipeline_refuses_to_start_and_leaves_no_store(tmp_path, embedder):
    path = tmp_path / "x.db"
    with SQLiteStore(path) as store, pytest.raises(StageError, match="'claims' needs 'quotes'"):
        Pipeline(store, embedder, stages=_without("quotes"))
    with SQLiteStore(path) as store:
        assert store.meta("settings") is None  # refused before it recorded anything


def test_process_gives_what_the_pipeline_stores(tmp_path, embedder):
    """The per-article stages run by `process` and by a pipeline run give the same mentions, claims,
    quotes and amounts (one article, a fresh linker on both sides)."""
    item = next(i for i in read_sources([str(DEMO)]) if "lu-quang-ngai" in i.origin)
    alone = process(item)
    with SQLiteStore(tmp_path / "one.db") as store:
        Pipeline(store, embedder).run([item])
        [stored] = store.articles()
    assert alone.id == stored.id and alone.lang == stored.lang and alone.sentences == stored.sentences
    assert alone.mentions == stored.mentions and alone.claims == stored.claims
    assert alone.quotes == stored.quotes and alone.amounts == stored.amounts
    title = [m for m in alone.mentions if m.field == "title"]
    assert title and all(alone.title[m.start:m.end] == m.text for m in title)
    assert all(alone.text[m.start:m.end] == m.text for m in alone.mentions if m.field == "text")


def test_a_batch_runs_each_stage_once_per_article_and_keeps_the_others_when_one_fails(caplog):
    """`run_batch`: an article a stage fails on is that error (the later stages skip it); a `batch` function
    that fails is logged and `run` takes its articles one by one; no stage runs twice on an article."""
    from newsloom.model import Article
    from newsloom.resources import Resources
    from newsloom.stages import Stage, run_batch

    def mark(a: Article, resources: Resources) -> Article:
        if a.origin == "bad":
            raise ValueError("no")
        a.title += "+mark"
        return a

    def count(a: Article, resources: Resources) -> Article:
        a.title += "+count"
        return a

    def count_all(articles: list[Article], resources: Resources) -> list[Article]:
        raise MemoryError("too big at once")

    stages = [Stage("mark", ("title",), ("title",), "read", mark),
              Stage("count", ("title",), ("title",), "read", count, batch=count_all)]
    batch = [Article(id=o, origin=o, title=o, text="x") for o in ("a", "bad", "c")]
    out = run_batch(stages, batch, Resources())
    assert [a.title if isinstance(a, Article) else repr(a) for a in out] == \
        ["a+mark+count", "ValueError('no')", "c+mark+count"]
    assert "the stage 'count' on a batch of 2 articles" in caplog.text


@pytest.mark.parametrize(("title", "names"), [
    ("Ferry Captain Tran Quoc Hung Faces Inquiry Over Cat Ba Grounding", {"Tran Quoc Hung": "PERSON", "Cat Ba": "LOC"}),
    ("FERRY CAPTAIN FACES INQUIRY AFTER CAT BA GROUNDING", {"CAT BA": "LOC"}),
    ("Ferry Survivors Tell Us Of Cat Ba Night", {"Cat Ba": "LOC"}),  # "Us" is no US (review22)
])
def test_a_headline_case_title_names_what_the_text_names(title, names):
    """A title capitalising most words made names of its runs ("Gingrich Getting Married", "Orders Microsoft
    Split", "CAT" an organisation: 36 such entities in an analyst's DUC 2007 store); its names are the text's."""
    from _articles import build

    text = ("HAI PHONG, Nov. 30 (Harbour Wire) -- The captain of the ferry that ran aground near Cat Ba island on "
            "Sunday, Tran Quoc Hung, will face an inquiry, the Hai Phong port authority said on Monday. Inspectors "
            "from the Vietnam Maritime Administration found that the ferry had left the marked channel. The US "
            "embassy offered help.")
    article = build(text, title)
    assert {m.text: m.label for m in article.mentions if m.field == "title"} == names
