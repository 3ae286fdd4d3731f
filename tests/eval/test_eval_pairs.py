"""`newsloom eval pairs`: the scores of a set of pairs (eval/pairs.py)."""

import math

import numpy as np

from newsloom.cluster.online import Signal
from newsloom.eval.pairs import _scores, _similarity, _split


def test_decision_scores_by_hand():
    # threshold 0.5: logit >= 0 says "same"; gold "same story" is overall <= 2
    logits = [2.0, 1.0, -1.0, 0.5, -3.0]
    overall = [1.0, 3.0, 1.5, 2.0, 4.0]
    s = _scores([0.9, 0.2, 0.6, 0.7, 0.1], logits, overall, threshold=0.5)
    # said same: pairs 0, 1, 3; truly same: 0, 2, 3 -> 2 hits; correct: 0, 3, 4
    assert s.n == 5 and math.isclose(s.accuracy, 3 / 5)
    assert math.isclose(s.precision, 2 / 3) and math.isclose(s.recall, 2 / 3)
    assert s.spearman > 0.8 and s.logit_pearson > 0  # both scores are correlated with -overall
    none = _scores([0.1, 0.2], [-5.0, -6.0], [1.0, 4.0], threshold=0.5)
    assert math.isnan(none.precision) and none.recall == 0.0


def test_similarity_is_read_against_the_background():
    v = np.ones(4, np.float32) / 2
    a = Signal("a", v, None, None, frozenset(), "en", None, profile={"de": (0.5, 0.1)})
    b = Signal("b", v, None, None, frozenset(), "de", None, profile={"en": (0.7, 0.1)})
    # cosine 1.0: (1.0 - 0.5) / 0.1 = 5 from a's side, (1.0 - 0.7) / 0.1 = 3 from b's
    assert math.isclose(_similarity(a, b), 4.0, rel_tol=1e-6)
    b.profile, a.profile = {}, {}
    assert math.isclose(_similarity(a, b), 1.0, rel_tol=1e-6)  # no background: the cosine


def test_semeval_texts_split_into_title_and_body():
    assert _split("Floods hit Hue  Rain fell for three days.") == ("Floods hit Hue", "Rain fell for three days.")
    assert _split("No title here. Just text.") == ("", "No title here. Just text.")


def test_the_fallback_offset_is_the_largest_as_precise_as_the_target():
    """Ten pairs, each its own group; at threshold 0.5 a logit >= 0 says "same". The larger offsets say "same"
    to more pairs: 0.01 to the two same-story pairs only, 0.02 also to one that is not (precision 2/3)."""
    from newsloom.eval.pairs import _OFFSETS, fallback_offset

    overall = [1.0, 1.5] + [4.0] * 8  # two same-story pairs
    logits = {o: np.full(10, -1.0) for o in _OFFSETS}
    for o in _OFFSETS:
        if o >= 0.01:
            logits[o][:2] = 1.0
        if o >= 0.02:
            logits[o][2] = 1.0
    ids = [(f"a{n}", f"b{n}") for n in range(10)]
    fb = fallback_offset(logits, 0.0, 0.9, overall, ids, threshold=0.5)
    assert fb.whole == 0.015 and fb.at_setting == (0.0, 0.0)  # 0.015: the largest with precision 1 >= 0.9
    assert fb.out_of_fold[1] > 0
