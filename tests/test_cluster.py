from datetime import date

import numpy as np

from newsloom.cluster.lexical import DocumentFrequencies, SparseVector, prior_idf, term_counts
from newsloom.cluster.online import OnlineClusterer, Signal


def test_sparse_dot_matches_dense_dot():
    rng = np.random.default_rng(1)
    for _ in range(50):
        a = np.unique(rng.integers(0, 300, 40)).astype(np.int32)
        b = np.unique(rng.integers(0, 300, 40)).astype(np.int32)
        wa, wb = rng.random(len(a)).astype(np.float32), rng.random(len(b)).astype(np.float32)
        dense_a, dense_b = np.zeros(300, np.float32), np.zeros(300, np.float32)
        dense_a[a], dense_b[b] = wa, wb
        assert abs(SparseVector(a, wa).dot(SparseVector(b, wb)) - float(dense_a @ dense_b)) < 1e-5


def test_prior_idf_knows_common_words():
    assert prior_idf("của", "vi") < prior_idf("blinken", "vi")
    assert prior_idf("the", "en") < prior_idf("flood", "en") < prior_idf("zzqxv", "en")


def _signal(name: str, text: str, emb: np.ndarray, df: DocumentFrequencies, entities=(), day=None, lang="en"):
    terms = term_counts(name, text, lang)
    s = Signal(name, emb / np.linalg.norm(emb), df.vector(terms), df.vector(term_counts("", name, lang)),
               frozenset(entities), lang, day)
    df.add(terms.ids)
    return s


BASE = np.random.default_rng(7).normal(size=384).astype(np.float32)


def _near(seed: int, spread: float) -> np.ndarray:
    return BASE + spread * np.random.default_rng(seed).normal(size=384).astype(np.float32)


def test_same_event_joins_and_other_event_does_not():
    df = DocumentFrequencies()
    cl = OnlineClusterer(384)
    flood = "Floods on the Tra Khuc river forced the evacuation of 300 households in Quang Ngai on Tuesday."
    a = _signal("Quang Ngai floods", flood, _near(1, 0.12), df, {"LOC:quang ngai"}, date(2025, 10, 14))
    b = _signal("Floods hit Quang Ngai", flood + " Schools were closed.", _near(2, 0.12), df, {"LOC:quang ngai"},
                date(2025, 10, 14))
    c = _signal("Central bank holds rates", "The central bank kept its policy rate unchanged on Wednesday.",
                np.random.default_rng(3).normal(size=384).astype(np.float32), df, {"ORG:state bank"},
                date(2025, 10, 15))
    sa, _ = cl.assign(a)
    sb, match = cl.assign(b)
    sc, _ = cl.assign(c)
    assert sb == sa and match is not None and match.probability > 0.5
    assert sc != sa


def test_a_story_weeks_away_is_not_joined():
    df = DocumentFrequencies()
    cl = OnlineClusterer(384)
    text = "Floods on the Tra Khuc river forced the evacuation of 300 households in Quang Ngai."
    first, _ = cl.assign(_signal("Quang Ngai floods", text, _near(1, 0.12), df, {"LOC:quang ngai"},
                                 date(2025, 10, 14)))
    same_day, _ = cl.assign(_signal("Quang Ngai floods again", text, _near(2, 0.12), df, {"LOC:quang ngai"},
                                    date(2025, 10, 14)))
    later, _ = cl.assign(_signal("Quang Ngai floods again", text, _near(2, 0.12), df, {"LOC:quang ngai"},
                                 date(2025, 11, 20)))
    assert same_day == first and later != first
