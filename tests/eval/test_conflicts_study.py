"""`newsloom eval conflicts` on the team-written cross-lingual set: the planted contradiction is listed, and a
kept store is compared again from its articles' claims, not read from the digests stored when it was built
(so that a kept store measures the comparison as the code makes it now)."""

from __future__ import annotations

import sqlite3

from conftest import ROOT
from newsloom.eval.conflicts import study_conflicts, study_markdown

CORPUS = ROOT / "tests" / "fixtures" / "crosslingual" / "articles.jsonl"


def test_a_kept_store_is_compared_again(tmp_path):
    db = tmp_path / "study.db"
    first = study_conflicts(CORPUS, sample=100, min_articles=2, db=db)
    assert first.conflicts == 1, study_markdown(first)
    with sqlite3.connect(db) as con:  # what the pipeline stored of each story's comparison is gone
        con.execute("UPDATE stories SET digest = '{}'")
    again = study_conflicts(CORPUS, sample=100, min_articles=2, db=db)
    assert again.conflicts == 1, study_markdown(again)
    assert study_markdown(again) == study_markdown(first)
