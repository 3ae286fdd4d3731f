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
