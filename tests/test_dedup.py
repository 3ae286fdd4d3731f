from newsloom.dedup import band_keys, find_near, shingles, signature
from newsloom.model import Article
from newsloom.store import SQLiteStore

ORIGINAL = (
    "The city council of Da Nang approved a plan on Tuesday to build three new flood barriers along the "
    "Han River before the next rainy season. The project will cost about 1.2 trillion dong and is expected "
    "to protect more than 40,000 households in low-lying districts. Council chair Tran Minh said the barriers "
    "were the most urgent item on the city's agenda after last year's floods damaged hundreds of homes. "
    "Construction is due to start in March and finish by the end of the year, the council said."
)
# a republished copy: new wording in two places, the last sentence cut
COPY = ORIGINAL.replace("approved a plan on Tuesday", "on Tuesday approved a plan").rsplit(" Construction", 1)[0]
OTHER = (
    "Vietnam's central bank kept its main policy rate unchanged on Wednesday, citing stable inflation and a "
    "recovering export sector. Analysts had expected the decision after two months of slowing price growth."
)


def test_shingles_are_case_and_normalisation_insensitive():
    assert shingles("Hòa Bình is a province in the north") == shingles("HÒA BÌNH is a province in the NORTH")


def _stored(tmp_path, *texts: str) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "dedup.db")
    with store.transaction():
        for n, text in enumerate(texts):
            sig = signature(text)
            store.add_article(Article(id=f"a{n}", origin=f"f{n}", title="", text=text), sig.tobytes(), None,
                              band_keys(sig))
    return store


def test_near_copy_found_through_the_store_and_unrelated_not(tmp_path):
    with _stored(tmp_path, ORIGINAL) as store:
        hit = find_near(store, signature(COPY))
        assert hit is not None and hit[0] == "a0" and hit[1] > 0.6
        assert find_near(store, signature(OTHER)) is None


def test_bands_are_the_ones_minhashlsh_uses():
    """25 bands of 5 rows for a Jaccard threshold of 0.5 with 128 permutations: a signature that differs
    from another in every band but one still meets it in that band."""
    sig = signature(ORIGINAL)
    keys = band_keys(sig)
    assert len(keys) == 25 and len(set(keys)) == 25
    other = sig.copy()
    other[5:] += 1  # only the first band (rows 0-4) is left as it was
    assert [a == b for a, b in zip(keys, band_keys(other), strict=True)] == [True] + [False] * 24
