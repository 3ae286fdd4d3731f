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
