"""`newsloom eval storylines` links the stories again as the stream does: each story joins the storyline
nearest by key terms, among those of the stories before it."""

from __future__ import annotations

import numpy as np

from newsloom.eval.storyline_fit import fit_threshold, link_in_order


def _stories() -> tuple[np.ndarray, np.ndarray]:
    """The stories of tests/cluster/test_storylines.py: 0 and 1 on two subjects, 2 nearer 0 but sharing
    terms with 1, 3 on 1's subject."""
    terms = np.array([[0.8, 0.6, 0, 0, 0], [0, 0, 0.8, 0.6, 0], [0.6, 0.5, 0.45, 0.43, 0], [0, 0, 0.7, 0.7, 0.14]])
    has = (terms > 0).astype(float)
    return terms @ terms.T, has @ has.T


def test_each_story_joins_the_nearest_storyline_before_it():
    cos, shared = _stories()
    assert link_in_order(cos, shared, np.arange(4), 0.06).tolist() == [0, 1, 0, 1]
    assert link_in_order(cos, shared, np.arange(4), 0.99).tolist() == [0, 1, 2, 3]
    assert link_in_order(cos, shared, np.array([1, 2, 3]), 0.06).tolist() == [1, 1, 1]  # 0 left out: 2 joins 1


def test_the_threshold_is_fitted_out_of_fold_by_topic():
    cos, shared = _stories()
    members = [["a"], ["b"], ["c"], ["d"]]
    gold = {"a": "flood", "b": "bank", "c": "flood", "d": "bank"}
    folds, (p, r, f), threshold = fit_threshold(cos, shared, members, gold, folds=2)
    assert len(folds) == 2 and (p, r, f) == (1.0, 1.0, 1.0) and 0 < threshold < 0.7
