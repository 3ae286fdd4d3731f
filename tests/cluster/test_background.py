"""The language background: profiles, and cosines read against them (cluster/background.py)."""

import numpy as np

from _signals import _signal
from newsloom.cluster.background import LanguageBackground, on_own_scale, z
from newsloom.cluster.lexical import DocumentFrequencies
from newsloom.cluster.online import OnlineClusterer


def _unit(rng: np.random.Generator, n: int, dim: int = 8) -> np.ndarray:
    x = rng.normal(size=(n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_profile_is_the_mean_and_spread_of_cosines_per_language():
    rng = np.random.default_rng(0)
    bg = LanguageBackground(8, size=64, min_size=4)
    en, de = _unit(rng, 10), _unit(rng, 3)
    for v in en:
        bg.add("en", v)
    for v in de:
        bg.add("de", v)
    bg.add(None, en[0])  # no language: not kept
    q = _unit(rng, 1)[0]
    p = bg.profile(q)
    assert set(p) == {"en"}  # 3 German articles are fewer than min_size
    assert np.isclose(p["en"][0], float((en @ q).mean()), atol=1e-6)
    assert np.isclose(p["en"][1], float((en @ q).std()), atol=1e-6)


def test_background_keeps_only_the_most_recent_articles():
    rng = np.random.default_rng(1)
    bg = LanguageBackground(8, size=5, min_size=5)
    rows = _unit(rng, 12)
    for v in rows:
        bg.add("vi", v)
    q = _unit(rng, 1)[0]
    assert np.isclose(bg.profile(q)["vi"][0], float((rows[-5:] @ q).mean()), atol=1e-6)


def test_z_and_own_scale_by_hand():
    a = {"en": (0.80, 0.02), "de": (0.70, 0.04)}  # an English article's usual cosines
    b = {"en": (0.72, 0.05), "de": (0.78, 0.03)}  # a German article's
    cos = 0.82
    # a against German: (0.82 - 0.70) / 0.04 = 3; b against English: (0.82 - 0.72) / 0.05 = 2
    assert np.isclose(z(cos, a, "en", b, "de"), 2.5)
    # on a's scale 0.80 + 3 * 0.02 = 0.86, on b's 0.78 + 2 * 0.03 = 0.84
    assert np.isclose(on_own_scale(cos, a, "en", b, "de"), 0.85)
    assert np.isclose(on_own_scale(cos, a, "en", {}, "de"), 0.86)  # one side known
    assert z(cos, None, "en", {}, "de") is None and on_own_scale(cos, {"en": (0.8, 0.02)}, "en", None, "de") is None


def test_cross_lingual_pairs_are_read_on_the_articles_own_scale():
    """With backgrounds, a cross-lingual pair is the no-words model on the own-scale cosine; the shared
    entity counts with that model's weight. Without them, the fixed offset and the same-language model."""
    df = DocumentFrequencies()
    cl = OnlineClusterer(384)
    rng = np.random.default_rng(5)
    for i in range(40):  # backgrounds for both languages
        for lang in ("en", "vi"):
            cl.add(_signal(f"{lang}{i}", "filler text", rng.normal(size=384).astype(np.float32), df, lang=lang),
                   cl.new_story_id())
    a = _signal("Quang Ngai floods", "Floods in Quang Ngai.", rng.normal(size=384).astype(np.float32), df,
                {"LOC:quang ngai"})
    b = _signal("Lũ ở Quảng Ngãi", "Lũ sông Trà Khúc.", rng.normal(size=384).astype(np.float32), df,
                {"LOC:quang ngai"}, lang="vi")
    cl.profile(a), cl.profile(b)
    cos = float(a.embedding @ b.embedding)
    c = cl.config
    overlap = 1.0  # the one entity each has is shared
    expected = c.x_dense * on_own_scale(cos, a.profile, "en", b.profile, "vi") + c.x_bias + c.x_entities * overlap
    assert np.isclose(cl.pair_logit(a, b), expected, atol=1e-6)
    b.profile = {}  # no background on either side of b: the fixed offset
    a.profile = {"en": a.profile["en"]}
    expected = c.w_dense * (cos + c.cross_dense_offset) + c.bias + c.w_entities * overlap
    assert np.isclose(cl.pair_logit(a, b), expected, atol=1e-6)


def test_a_rebuild_gives_the_profiles_the_stream_gave():
    """Profiles are taken before an article joins the background, whether it is assigned or replayed."""
    rng = np.random.default_rng(9)
    df = DocumentFrequencies()
    signals = [_signal(f"a{i}", "text", rng.normal(size=384).astype(np.float32), df, lang=("en", "vi")[i % 2])
               for i in range(80)]
    live = OnlineClusterer(384)
    stories = [live.assign(s)[0] for s in signals]
    profiles = [s.profile for s in signals]
    assert profiles[-1] and set(profiles[-1]) == {"en", "vi"}
    for s in signals:
        s.profile = None
    replay = OnlineClusterer(384)
    for s, sid in zip(signals, stories, strict=True):
        replay.add(s, sid)
    assert [s.profile for s in signals] == profiles
