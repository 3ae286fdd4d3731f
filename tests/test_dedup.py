from newsloom.dedup import NearDuplicateIndex, shingles, signature

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


def test_near_copy_found_and_unrelated_not():
    index = NearDuplicateIndex()
    index.add("orig", signature(ORIGINAL))
    hit = index.find(signature(COPY))
    assert hit is not None and hit[0] == "orig" and hit[1] > 0.6
    assert index.find(signature(OTHER)) is None


def test_add_is_idempotent():
    index = NearDuplicateIndex()
    index.add("orig", signature(ORIGINAL))
    index.add("orig", signature(ORIGINAL))
    assert len(index) == 1
