"""`newsloom eval fit`: the candidate pairs and the fitted pair models (eval/fit.py)."""

import numpy as np

from _signals import _near, _signal
from newsloom.cluster.lexical import DocumentFrequencies
from newsloom.cluster.online import OnlineClusterer
from newsloom.eval.fit import FEATURES, candidate_pairs, fit_pair_models


def test_candidate_pairs_follow_the_gold_stories():
    df = DocumentFrequencies()
    flood = "Floods on the Tra Khuc river forced the evacuation of 300 households."
    signals = [_signal("Floods", flood, _near(1, 0.1), df, {"LOC:quang ngai"}),
               _signal("Bank rates", "The central bank kept its rate.", _near(2, 3.0), df),
               _signal("More floods", flood + " Schools closed.", _near(3, 0.1), df, {"LOC:quang ngai"}),
               _signal("Lũ", "Lũ sông Trà Khúc.", _near(4, 0.1), df, {"LOC:quang ngai"}, lang="vi")]
    gold = ["flood", "bank", "flood", "flood"]
    x, y = candidate_pairs(signals, gold, OnlineClusterer(384))
    # article 1 vs 0; article 2 vs 0 and 1; article 3 vs 0, 2 (one story) and 1: both stories are candidates
    assert len(y) == 1 + 2 + 3 and y.tolist().count(True) == 1 + 2
    assert x.shape == (6, len(FEATURES))
    dense = [float(signals[1].embedding @ signals[0].embedding)]
    assert np.isclose(x[0, 0], dense[0], atol=1e-6)
    cross = x[-3:][y[-3:]]  # the Vietnamese article against the English flood members: no words compared
    assert (cross[:, 1:3] == 0).all() and (cross[:, 3] > 0).all()
    same = x[1:3][y[1:3]]  # the second English flood article against the first: shared words and entity
    assert same[0, 1] > 0.3 and same[0, 3] == 1.0


def test_fitted_models_weigh_the_evidence_the_right_way():
    rng = np.random.default_rng(0)
    n = 4000
    y = rng.random(n) < 0.2
    x = np.column_stack([0.8 + 0.1 * y + 0.03 * rng.normal(size=n), 0.3 * y + 0.1 * rng.random(n),
                         0.2 * y + 0.1 * rng.random(n), 0.5 * y * rng.random(n), 0.4 * y * rng.random(n)])
    full, words_apart = fit_pair_models(x, y)
    assert all(w > 0 for w in full.weights.values()) and full.bias < 0
    assert set(words_apart.weights) == {"dense", "entities", "figures"}
    assert all(w > 0 for w in words_apart.weights.values())
