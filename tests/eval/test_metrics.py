import pytest

from newsloom.eval.metrics import bcubed, cluster_scores


def test_bcubed_hand_computed():
    # gold: {a,b,c} {d,e}; pred: {a,b} {c,d,e}
    gold = ["x", "x", "x", "y", "y"]
    pred = [1, 1, 2, 2, 2]
    p, r, f = bcubed(gold, pred)
    # precision per item: a 1, b 1, c 1/3, d 2/3, e 2/3 -> 11/15
    assert p == pytest.approx(11 / 15)
    # recall per item: a 2/3, b 2/3, c 1/3, d 1, e 1 -> 11/15
    assert r == pytest.approx(11 / 15)
    assert f == pytest.approx(11 / 15)


def test_bcubed_extremes():
    gold = ["x", "x", "y", "y"]
    assert bcubed(gold, [1, 2, 3, 4]) == pytest.approx((1.0, 0.5, 2 / 3))
    assert bcubed(gold, [1, 1, 1, 1]) == pytest.approx((0.5, 1.0, 2 / 3))
    assert bcubed(gold, ["a", "a", "b", "b"]) == pytest.approx((1.0, 1.0, 1.0))


def test_cluster_scores_perfect_and_length_check():
    s = cluster_scores(["x", "x", "y"], [7, 7, 9])
    assert s.f1 == pytest.approx(1.0) and s.ari == pytest.approx(1.0) and s.v_measure == pytest.approx(1.0)
    with pytest.raises(ValueError):
        bcubed(["x"], [1, 2])


def test_pearson_and_spearman_hand_computed():
    from newsloom.eval.metrics import pearson, spearman

    # x = 1,2,3; y = 2,4,7: means 2 and 13/3; cov = (-1)(-7/3) + 0 + (1)(8/3) = 5; sx^2 = 2; sy^2 = 38/3 + ... :
    # sum (y - 13/3)^2 = 49/9 + 1/9 + 64/9 = 114/9, so r = 5 / sqrt(2 * 114/9) = 15 / sqrt(228)
    assert pearson([1, 2, 3], [2, 4, 7]) == pytest.approx(15 / 228 ** 0.5)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 2, 3, 4], [10, 20, 30, 1000]) == pytest.approx(1.0)
    # ties take the average rank: ranks of [1, 1, 2] are [1.5, 1.5, 3]
    assert spearman([1, 1, 2], [1, 2, 3]) == pytest.approx(pearson([1.5, 1.5, 3], [1, 2, 3]))


def test_bcubed_unequal_precision_and_recall():
    # gold: {a,b} {c,d,e}; pred: {a,b,c,d} {e}
    p, r, f = bcubed(["x", "x", "y", "y", "y"], [1, 1, 1, 1, 2])
    # precision: a, b, c, d each 2/4, e 1 -> 3/5; recall: a, b 1, c, d 2/3, e 1/3 -> 11/15
    assert (p, r) == pytest.approx((3 / 5, 11 / 15))
    assert f == pytest.approx(33 / 50)  # 2 * (3/5) * (11/15) / (3/5 + 11/15)


# -- ROUGE: every expected value below was worked out by hand ------------------------------------------------


def test_rouge1_clips_repeated_tokens():
    from newsloom.eval.rouge import rouge_n

    # candidate unigrams the x2, cat, sat, on, mat; reference the x2, cat, lay, on, mat: 5 shared of 6 and 6
    s = rouge_n("the cat sat on the mat", "the cat lay on the mat", 1)
    assert (s.precision, s.recall, s.f1) == pytest.approx((5 / 6, 5 / 6, 5 / 6))
    # "the" x3 in the candidate counts only once against one "the": 2 of 4, 2 of 3, F1 = (2/3) / (7/6)
    s = rouge_n("the the the cat", "the cat sat", 1)
    assert (s.precision, s.recall, s.f1) == pytest.approx((1 / 2, 2 / 3, 4 / 7))


def test_rouge2_hand_computed():
    from newsloom.eval.rouge import rouge_n

    # candidate bigrams ab bc cd; reference ab bd dc cb: only ab is shared -> 1/3, 1/4, F1 = (1/6) / (7/12)
    s = rouge_n("a b c d", "a b d c b", 2)
    assert (s.precision, s.recall, s.f1) == pytest.approx((1 / 3, 1 / 4, 2 / 7))
    assert rouge_n("a", "a", 2).f1 == 0.0  # no bigram at all


def test_rougeL_hand_computed():
    from newsloom.eval.rouge import lcs_length, rouge_l, rouge_n

    # LCS of "a b c d" and "a b d c b" is 3 (a b c, or a b d): P 3/4, R 3/5, F1 = (9/10) / (27/20)
    assert lcs_length(list("abcd"), list("abdcb")) == 3
    s = rouge_l("a b c d", "a b d c b")
    assert (s.precision, s.recall, s.f1) == pytest.approx((3 / 4, 3 / 5, 2 / 3))
    # Lin (2004): same bigram overlap, but only the first candidate keeps the reference's order
    ref = "police killed the gunman"
    assert rouge_n("police kill the gunman", ref, 2).f1 == pytest.approx(1 / 3)
    assert rouge_n("the gunman kill police", ref, 2).f1 == pytest.approx(1 / 3)
    assert rouge_l("police kill the gunman", ref).f1 == pytest.approx(3 / 4)  # police the gunman
    assert rouge_l("the gunman kill police", ref).f1 == pytest.approx(1 / 2)  # the gunman
    assert rouge_l("", ref).f1 == 0.0 and rouge_l(ref, "").f1 == 0.0


def test_lcs_matches_plain_dynamic_programming():
    import random

    from newsloom.eval.rouge import lcs_length

    def slow(a: list[str], b: list[str]) -> int:
        prev = [0] * (len(b) + 1)
        for x in a:
            cur = [0]
            for j, y in enumerate(b):
                cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
            prev = cur
        return prev[-1]

    rng = random.Random(7)
    for _ in range(300):
        a = [rng.choice("abcd") for _ in range(rng.randint(0, 25))]
        b = [rng.choice("abcde") for _ in range(rng.randint(0, 90))]  # past 64 bits too
        assert lcs_length(a, b) == slow(a, b)


def test_rouge_multi_reference_averages_over_references():
    from newsloom.eval.rouge import rouge_l_multi, rouge_n_multi

    refs = ["a b c d", "x c a"]
    # ROUGE-1: vs ref 1 P 1, R 3/4, F1 6/7; vs ref 2 (a, c shared) P 2/3, R 2/3, F1 2/3
    s = rouge_n_multi("a b c", refs, 1)
    assert (s.precision, s.recall, s.f1) == pytest.approx((5 / 6, 17 / 24, 16 / 21))
    # ROUGE-2: vs ref 1 (ab, bc shared) P 1, R 2/3, F1 4/5; vs ref 2 nothing shared
    s = rouge_n_multi("a b c", refs, 2)
    assert (s.precision, s.recall, s.f1) == pytest.approx((1 / 2, 1 / 3, 2 / 5))
    # ROUGE-L: vs ref 1 LCS 3, P 1, R 3/4, F1 6/7; vs ref 2 LCS 1, P 1/3, R 1/3, F1 1/3
    s = rouge_l_multi("a b c", refs)
    assert (s.precision, s.recall, s.f1) == pytest.approx((2 / 3, 13 / 24, 25 / 42))
    with pytest.raises(ValueError):
        rouge_l_multi("a b c", [])


def test_rouge_tokens_lowercase_nfc_no_punctuation():
    import unicodedata

    from newsloom.eval.rouge import rouge_l, rouge_n, rouge_tokens

    text = "Ông Thủ_tướng nói: “Hà Nội MƯA to!” (5.000 người)"
    expected = ["ông", "thủ", "tướng", "nói", "hà", "nội", "mưa", "to", "5", "000", "người"]
    assert all(unicodedata.is_normalized("NFC", t) for t in expected)
    assert rouge_tokens(text) == expected
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text and rouge_tokens(nfd) == expected
    # so case, accents' Unicode form and punctuation do not change any score
    plain = " ".join(expected)
    for s in (rouge_n(nfd, plain, 1), rouge_n(nfd, plain, 2), rouge_l(nfd, plain)):
        assert (s.precision, s.recall, s.f1) == pytest.approx((1.0, 1.0, 1.0))
