"""Storylines by key terms: English stories weeks apart on one subject share a storyline; a story joins
the one nearest storyline, so that it does not chain two; stories in other languages are not linked this
way."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from newsloom.cluster.lexical import DocumentFrequencies, term_counts
from newsloom.cluster.online import OnlineClusterer
from newsloom.cluster.storylines import keyed_by_terms, link_storylines, story_terms, terms_cosine
from newsloom.model import Article, RawItem
from newsloom.pipeline import Pipeline
from newsloom.store import SQLiteStore, StoryRow

ICT = timezone(timedelta(hours=7))
BRIDGE = ("The Thuan Phuoc cable-stayed bridge over the Han estuary in Da Nang will close for repairs to its "
          "stay cables, the city's transport department said. Engineers found corrosion on 14 of the 56 cables "
          "during an inspection, and traffic will be diverted over the Dragon Bridge and the Tran Thi Ly Bridge.")
LATER = ("Repairs to the stay cables of the Thuan Phuoc bridge are half done: crews have replaced 7 of the 14 "
         "corroded cables, and engineers expect the bridge to reopen to traffic once the remaining corroded "
         "stay cables are replaced and the repairs are inspected.")
OTHER = ("Vietnam's central bank kept its refinancing rate unchanged at 4.5% on Monday, citing steady inflation "
         "and a stable dong. Analysts expect no change before the end of the year, when credit growth targets "
         "are reviewed.")


def _item(title: str, text: str, day: int) -> RawItem:
    return RawItem(f"mem:{title}", title, text, published=datetime(2026, 3, day, 9, 0, tzinfo=ICT), source=title)


def test_english_stories_weeks_apart_on_one_subject_share_a_storyline(tmp_path, embedder):
    store = SQLiteStore(tmp_path / "s.db")
    Pipeline(store, embedder).run([_item("Da Nang to close Thuan Phuoc bridge for cable repairs", BRIDGE, 2),
                                   _item("Central bank holds rates", OTHER, 3),
                                   _item("Thuan Phuoc bridge repairs half done", LATER, 27)])
    sid = {a.title: a.story_id for a in store.articles()}
    assert len(set(sid.values())) == 3  # three stories: 25 days part the bridge articles
    lines = store.storylines()
    bridge = {lines[sid[t]] for t in sid if "Thuan Phuoc" in t}
    assert len(bridge) == 1 and lines[sid["Central bank holds rates"]] not in bridge
    store.close()


def test_key_terms_are_unit_length_and_only_english_stories_are_linked_by_them():
    df = DocumentFrequencies()
    for text in (BRIDGE, LATER, OTHER):
        df.add(term_counts("", text, "en").ids)
    a, b, c = (story_terms([term_counts("", t, "en")], df) for t in (BRIDGE, LATER, OTHER))
    assert abs(terms_cosine(a, a) - 1.0) < 1e-3 and len(a) <= 48
    assert terms_cosine(a, b) > terms_cosine(a, c)
    en = Article(id="1", origin="x", title="", text=BRIDGE, lang="en")
    vi = Article(id="2", origin="y", title="", text="Cầu Thuận Phước", lang="vi")
    assert keyed_by_terms([en]) and not keyed_by_terms([en, vi]) and not keyed_by_terms([])


def test_a_story_joins_the_nearest_storyline_only(tmp_path):
    """Story 3 shares key terms with stories 1 and 2, two subjects, and is nearer 1: it joins 1's storyline
    and does not bridge it to 2's; story 4, on 2's subject, joins 2's."""
    flood, bank = {10: 0.8, 11: 0.6}, {20: 0.8, 21: 0.6}
    terms = {1: flood, 2: bank, 3: {10: 0.6, 11: 0.5, 20: 0.45, 21: 0.43}, 4: {20: 0.7, 21: 0.7, 22: 0.14}}
    with SQLiteStore(tmp_path / "s.db") as store, store.transaction():
        for sid in terms:
            store.touch_story(sid)
            store.save_story(StoryRow(id=sid, headline=f"Story {sid}"), {}, 0, 0, None, None, [], terms[sid])
        links = link_storylines(OnlineClusterer(4), store, {sid: (None, [], t) for sid, t in terms.items()})
        assert links == [(3, 1), (4, 2)]
        assert store.storylines() == {1: 1, 2: 2, 3: 1, 4: 2}


def test_in_a_small_store_key_terms_must_share_more(tmp_path):
    """A tester's typhoon story joined a court case's storyline by key terms at a cosine of 0.07 in a store of 26
    articles, whose document frequencies cannot tell a subject's words from common ones: until
    `min_term_documents`, a link needs `small_store_terms_cosine` (0.2)."""
    terms = {1: {10: 0.8, 11: 0.6}, 2: {10: 0.1, 11: 0.1, 30: 0.99}, 3: {10: 0.6, 11: 0.5, 31: 0.62}}
    for small, expected in ((False, [(2, 1), (3, 1)]), (True, [(3, 1)])):
        with SQLiteStore(tmp_path / f"{small}.db") as store, store.transaction():
            for sid in terms:
                store.touch_story(sid)
                store.save_story(StoryRow(id=sid, headline=f"Story {sid}"), {}, 0, 0, None, None, [], terms[sid])
            profiles = {sid: (None, [], t) for sid, t in terms.items()}
            assert link_storylines(OnlineClusterer(4), store, profiles, small=small) == expected, small


def test_entities_a_store_names_everywhere_are_no_shared_main_entities(tmp_path, embedder):
    """A new user (tester35): in a store of Vietnam's power news every story named EVN, Vietnam and Hanoi, so
    all ten (a plant, a price rise, a blackout, a tender) made one storyline: an entity more than
    `common_entity_share` of the articles name is not counted among those two stories share."""
    texts = ["EVN said the Hon May gas plant in Quang Tri will start in 2028.",
             "Electricity of Vietnam (EVN) picked a Danish firm to build a wind farm off Ba Ria.",
             "A heatwave cut power to 200,000 homes in Ha Dong, EVN Hanoi said.",
             "EVN raised the retail price of electricity by 4.8% from May.",
             "A fire at a substation in Thuong Tin was put out, EVN said.",
             "EVN will buy power from the Ca Mau solar park at a lower tariff.",
             "Lawmakers in Hanoi asked EVN to explain losses of 26 trillion dong.",
             "EVN signed a deal to import electricity from Laos through 2035.",
             "The Hon May plant's Japanese partner Kanto Power met EVN in Tokyo.",
             "Typhoon Yagi toppled 300 pylons in Quang Ninh, EVN said on Sunday.",
             "EVN opened a tender for rooftop solar on factories in Binh Duong.",
             "Hydropower reservoirs in Son La are low, EVN warned farmers."]
    items = [_item(f"EVN report {i}", text, 2 + i) for i, text in enumerate(texts)]
    with SQLiteStore(tmp_path / "s.db") as store:
        pipeline = Pipeline(store, embedder)
        pipeline.run(items)
        keys = {m.entity for a in store.articles() for m in a.mentions if m.entity}
        assert "ORG:vietnam electricity" in keys and "LOC:quang tri" in keys
        common = pipeline.clusterer.common_entities(keys, 0.5, 10)
        assert "ORG:vietnam electricity" in common and "LOC:quang tri" not in common
        assert pipeline.clusterer.common_entities(keys, 0.5, 100) == set()  # too few articles read to tell


def test_stories_sharing_only_what_every_article_names_are_no_storyline(tmp_path):
    """Two stories whose centroids are close and whose main entities are EVN, Vietnam, the ministry and one each of
    their own, in a stream where every article names those three: not one storyline (tester35's ten stories
    were one); with `common_entity_share` at 1 (no entity too common) they are."""
    from dataclasses import replace as changed

    import numpy as np

    from newsloom.cluster.lexical import SparseVector
    from newsloom.cluster.online import Signal
    from newsloom.cluster.storylines import _by_entities
    from newsloom.settings import DEFAULTS

    empty = SparseVector(np.zeros(0, np.int64), np.zeros(0, np.float32))
    # (not Hanoi: with a Vietnamese city named, Vietnam is no second shared name)
    common = {"ORG:vietnam electricity", "LOC:vietnam", "ORG:ministry of industry and trade"}

    def signal(i: int, vector: list[float], own: str) -> Signal:
        v = np.array(vector, np.float32)
        return Signal(f"a{i}", v / np.linalg.norm(v), empty, empty, frozenset(common | {own}), "vi", None)

    clusterer = OnlineClusterer(4)
    clusterer.add(signal(1, [1, 0.1, 0, 0], "LOC:quang tri"), 1)
    clusterer.add(signal(2, [1, 0.12, 0, 0], "LOC:binh thuan"), 2)
    for i in range(3, 13):  # other stories, far from both, naming the same three
        clusterer.add(signal(i, [0, 0, 1, 0.1 * i], f"LOC:place {i}"), i)
    centroid = clusterer.centroid(2)
    top = sorted(common | {"LOC:binh thuan"})
    with SQLiteStore(tmp_path / "s.db") as store:
        assert _by_entities(clusterer, store, 2, centroid, top, False, DEFAULTS.storylines) is None
        loose = changed(DEFAULTS.storylines, common_entity_share=1.0)
        assert _by_entities(clusterer, store, 2, centroid, top, False, loose) == 1


def test_a_provinces_standing_bodies_and_its_country_are_no_more_shared_names_than_the_province(tmp_path):
    """A diphtheria case and a poisoning in one province, close in meaning (every story of the store is health
    news), both name Thanh Hóa, its health department, its general hospital and Vietnam: those say only where,
    one shared name, not four (tester37's diphtheria case joined the poisoning's storyline). The poisoning's
    follow-up shares the commune, the caterer and the director besides: it joins."""
    import numpy as np

    from newsloom.cluster.lexical import SparseVector
    from newsloom.cluster.online import Signal
    from newsloom.cluster.storylines import _by_entities
    from newsloom.settings import DEFAULTS

    empty = SparseVector(np.zeros(0, np.int64), np.zeros(0, np.float32))
    where = {"LOC:thanh hoa", "ORG:so y te thanh hoa", "ORG:benh vien da khoa thanh hoa", "LOC:vietnam"}

    def signal(i: int, vector: list[float], own: set[str]) -> Signal:
        v = np.array(vector, np.float32)
        return Signal(f"a{i}", v / np.linalg.norm(v), empty, empty, frozenset(where | own), "vi", None)

    poisoning = {"LOC:tho lam", "PERSON:huong que", "PERSON:do thi minh hanh"}
    clusterer = OnlineClusterer(4)
    clusterer.add(signal(1, [1, 0.1, 0, 0], poisoning), 1)
    clusterer.add(signal(2, [1, 0.12, 0, 0], {"LOC:muong lat", "PERSON:do thi minh hanh"}), 2)
    clusterer.add(signal(3, [1, 0.11, 0, 0], poisoning), 3)
    with SQLiteStore(tmp_path / "s.db") as store:
        for sid, own in ((2, {"LOC:muong lat", "PERSON:do thi minh hanh"}), (3, poisoning)):
            top = sorted(where | own)
            found = _by_entities(clusterer, store, sid, clusterer.centroid(sid), top, False, DEFAULTS.storylines)
            assert found == (None if sid == 2 else 1)
