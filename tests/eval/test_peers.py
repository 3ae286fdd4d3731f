import numpy as np

from newsloom.eval.peers import best_threshold, single_pass


def _unit(rows):
    x = np.array(rows, dtype=float)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_single_pass_joins_the_nearest_centroid_above_threshold():
    x = _unit([[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [0, 0.95, 0.05], [0, 0, 1]])
    labels = single_pass(x @ x.T, 0.8)
    assert labels.tolist() == [0, 0, 1, 1, 2]
    assert single_pass(x @ x.T, 0.9999).tolist() == [0, 1, 2, 3, 4]


def test_best_threshold_picks_the_gold_grouping():
    x = _unit([[1, 0], [0.95, 0.05], [0, 1], [0.05, 0.95]])
    t, labels = best_threshold(x @ x.T, ["a", "a", "b", "b"], [0.0, 0.5, 0.999])
    assert t == 0.5 and labels.tolist() == [0, 0, 1, 1]
