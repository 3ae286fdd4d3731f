import math
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from _signals import _near, _signal
from newsloom.cluster.lexical import (
    PRIOR_DOCUMENTS,
    DocumentFrequencies,
    SparseVector,
    prior_idf,
)
from newsloom.cluster.online import EntityNumbers, OnlineClusterer, entity_prior_idf
from newsloom.settings import ClusterConfig


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


@pytest.mark.parametrize("dated_first", [True, False])
def test_an_undated_article_is_placed_by_the_days_its_lead_names(dated_first):
    """An article with no date whose lead names "14/10" is weeks away from a story of 4 November, in
    whichever order they arrive, and joins one of 14 October."""
    df = DocumentFrequencies()
    cl = OnlineClusterer(384)
    text = "Floods on the Tra Khuc river forced the evacuation of 300 households in Quang Ngai."
    undated = _signal("Quang Ngai floods", text, _near(1, 0.12), df, {"LOC:quang ngai"})
    undated.day_months = ((10, 14),)
    later = _signal("Quang Ngai floods again", text, _near(2, 0.12), df, {"LOC:quang ngai"}, date(2025, 11, 4))
    same_day = _signal("Quang Ngai floods today", text, _near(3, 0.12), df, {"LOC:quang ngai"}, date(2025, 10, 14))
    if dated_first:
        a, _ = cl.assign(later)
        b, _ = cl.assign(undated)
    else:
        b, _ = cl.assign(undated)
        a, _ = cl.assign(later)
    assert a != b
    assert cl.assign(same_day)[0] == b


def test_sparse_dots_with_many_vectors_match_one_by_one():
    rng = np.random.default_rng(2)

    def vec(n: int) -> SparseVector:
        ids = np.unique(rng.integers(0, 300, n)).astype(np.int32)
        return SparseVector(ids, rng.random(len(ids)).astype(np.float32))

    empty = SparseVector(np.zeros(0, np.int32), np.zeros(0, np.float32))
    a = vec(40)
    others = [vec(30), empty, vec(1), vec(60), empty]
    dense = np.zeros(300)
    dense[a.ids] = a.weights
    expected = [float(dense[o.ids] @ o.weights) if len(o.ids) else 0.0 for o in others]
    assert np.allclose(a.dots(others), expected, atol=1e-6)
    assert a.dots([]).shape == (0,) and not empty.dots(others).any()


def test_members_scored_together_follow_the_pair_model():
    """logits() scores many members at once; each must be the pair model: within a language dense, lexical
    and title similarity and the entities' weighted Jaccard; across languages (no background yet) the
    same-language model without words on the cosine raised by an offset, and the figures in common."""
    df = DocumentFrequencies()
    cl = OnlineClusterer(384)
    text = "Floods on the Tra Khuc river forced the evacuation of 300 households in Quang Ngai."
    s = _signal("Quang Ngai floods", text, _near(1, 0.1), df, {"LOC:quang ngai", "LOC:vietnam"})
    others = [_signal("Floods in Quang Ngai", text + " Schools closed.", _near(2, 0.1), df, {"LOC:quang ngai"}),
              _signal("Lũ ở Quảng Ngãi", "Lũ sông Trà Khúc buộc 300 hộ sơ tán.", _near(3, 0.1), df,
                      {"LOC:quang ngai", "LOC:vietnam"}, lang="vi"),
              _signal("Bank rates", "The central bank kept its rate.", _near(4, 2.0), df)]
    s.figures, others[1].figures = frozenset({300.0, 12.0}), frozenset({300.0, 45.0, 7.5})
    for o in others:
        cl.add(o, cl.new_story_id())
    c = cl.config
    n = len(others)

    def weight(keys) -> float:  # the entities' IDFs: the stream's, blended with the prior
        df = {k: sum(k in o.entities for o in others) for k in keys}
        return sum((n * (math.log((n + 1) / (df[k] + 1)) + 1) + PRIOR_DOCUMENTS * entity_prior_idf(k))
                   / (n + PRIOR_DOCUMENTS) for k in keys)

    def entities(o) -> float:
        return weight(s.entities & o.entities) / weight(s.entities | o.entities) if s.entities & o.entities else 0.0

    expected = []
    for o in others:
        cos = float(s.embedding @ o.embedding)
        if o.lang == s.lang:
            z = (c.w_dense * cos + c.bias + c.w_lexical * s.lexical.dot(o.lexical) + c.w_title * s.title.dot(o.title)
                 + c.w_entities * entities(o))
        else:
            z = c.w_dense * (cos + c.cross_dense_offset) + c.bias + c.w_entities * entities(o) + c.x_figures * 0.25
        expected.append(z)
    assert np.allclose(cl.logits(s, others), expected, atol=1e-4)
    assert [z for _, z in cl.member_logits(s, [1])[0]] == [cl.pair_logit(s, others[0])]


def test_a_story_told_in_two_languages_is_judged_by_its_members_in_the_newcomers():
    """A dated English article is judged by the story's dated English members where it has any (the pair model
    reads its own language best), not outvoted by the Vietnamese ones; in a story with no English member, by its
    likeliest member or the median of all (both under 0.2 here); undated, by all."""
    df = DocumentFrequencies()
    cl = OnlineClusterer(384)
    day = date(2026, 10, 19)
    vi = [_signal("Ngộ độc sau tiệc cưới", "87 người nhập viện sau khi ăn cỗ cưới ở Thọ Lâm.", _near(i, 1.5), df,
                  day=day, lang="vi") for i in (1, 2)]
    text = "Hospital admissions after a wedding feast in Tho Lam climbed to 132 on Monday."
    en = _signal("Wedding food poisoning", text, _near(3, 0.1), df, day=day)
    newcomer = _signal("Food poisoning admissions climb", text + " No one has died.", _near(4, 0.1), df, day=day)
    for member in vi:
        cl.add(member, 1)
    vi_only = cl.story_probability(newcomer, 1)
    cl.add(en, 1)
    assert cl.story_probability(newcomer, 1) == pytest.approx(1 / (1 + math.exp(-cl.pair_logit(newcomer, en))))
    assert cl.story_probability(newcomer, 1) > 0.9 > 0.2 > vi_only
    undated = _signal("Food poisoning admissions climb", text, _near(4, 0.1), df)
    assert cl.story_probability(undated, 1) < 0.2


def test_a_member_in_another_language_may_say_yes():
    """tester42: a typhoon's Vietnamese story (the warning, the landfall, the toll, the aid) never took an English
    report of the landfall, which only the Vietnamese landfall article was near, so the English and French reports
    formed a story apart and their figures were never compared; nor did an English report of the aid join the
    story once it had English members, which told other parts. Any one member in another language may say yes to
    a dated article, less their own days apart; before, the median of all members, or of those in its language."""
    df = DocumentFrequencies()
    day = date(2026, 10, 19)
    landfall = _signal("Bão Torvan đổ bộ", "Bão Torvan đổ bộ Quảng Ngãi, gió giật 150 km/h.", _near(1, 0.1), df,
                       {"EVENT:torvan", "LOC:quang ngai"}, day=day, lang="vi")
    parts = [_signal(f"Bão Torvan {i}", "Thủ tướng hỗ trợ khẩn cấp 500 tỷ đồng.", _near(10 + i, 1.2), df,
                     {"EVENT:torvan"}, day=day, lang="vi") for i in range(2)]
    toll = _signal("Torvan toll rises", "Rescuers searched for fishermen missing off Ly Son.", _near(20, 1.2), df,
                   {"EVENT:torvan"}, day=day)
    english = _signal("Typhoon Torvan slams into Quang Ngai", "Typhoon Torvan made landfall with gusts of 180 km/h.",
                      _near(2, 0.1), df, {"EVENT:torvan", "LOC:quang ngai"}, day=day)
    later = replace(english, day=day + timedelta(days=12))

    def probability(linkage_across: str, members=(landfall, *parts), s=english) -> float:
        cl = OnlineClusterer(384, replace(ClusterConfig(), linkage_across=linkage_across))
        for member in members:  # each clusterer numbers the entities anew
            cl.add(replace(member, entity_ids=None, profile=None), 1)
        return cl.story_probability(replace(s, entity_ids=None, profile=None), 1)

    assert probability("linkage") < 0.2 < probability("max")
    assert probability("linkage", (landfall, *parts, toll)) < 0.2 < probability("max", (landfall, *parts, toll))
    # each pair pays its own days apart: beside a recent English member (the story's gap a day), the landfall 12
    # days before the report says no, the same day yes; an undated one pays the story's gap
    recent = replace(toll, day=day + timedelta(days=11))
    assert probability("max", (landfall, recent), later) < 0.2 < probability(
        "max", (replace(landfall, day=later.day), recent), later)
    assert probability("max", (replace(landfall, day=None), *parts), later) < 0.2


def test_central_members_are_those_nearest_the_centroid():
    df = DocumentFrequencies()
    cl = OnlineClusterer(384)
    members = [_signal(f"a{i}", "Floods in Quang Ngai.", _near(i, spread), df)
               for i, spread in enumerate([0.1, 3.0, 0.1, 0.1])]  # a1 strays far from the rest
    for m in members:
        cl.add(m, 1)
    total = np.sum([m.embedding for m in members], axis=0)
    assert np.allclose(cl.centroid(1), total / np.linalg.norm(total), atol=1e-6)
    assert "a1" not in cl.central(1, 3) and set(cl.central(1, 4)) == {"a0", "a1", "a2", "a3"}


def test_entity_numbering_is_consistent_across_threads():
    """Threads scoring with one clusterer share its numbering of entity keys: every key gets one number, and
    the prior IDF stored at that number is the key's."""
    from concurrent.futures import ThreadPoolExecutor

    _numbers = EntityNumbers()

    keys = [f"PERSON:thread test {i}" for i in range(400)]
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda start: [_numbers.ids(frozenset(keys[i:i + 7])) for i in range(start, 400, 3)],
                      range(4)))
    numbers = [_numbers.number[k] for k in keys]
    assert len(set(numbers)) == len(keys)
    assert all(_numbers.prior[n] == entity_prior_idf(k) for k, n in zip(keys, numbers, strict=True))


def test_entity_frequencies_grow_with_new_entities():
    """Far more distinct entities than the clusterer's first allocation: each is counted where it is numbered."""
    df = DocumentFrequencies()
    cl = OnlineClusterer(384)
    for i in range(3):
        keys = {f"ORG:growth test {i} {j}" for j in range(1500)}
        cl.add(_signal(f"g{i}", "Floods in Quang Ngai.", _near(i, 0.1), df, keys), i + 1)
    s = cl.signals[2]
    assert cl._df()[cl.entity_ids(s)].tolist() == [1] * 1500
    assert cl.logits(s, [s])[0] > cl.logits(s, [cl.signals[0]])[0]
