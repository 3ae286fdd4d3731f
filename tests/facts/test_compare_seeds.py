"""Sources compared on the five real seed articles, against the conflicts, single-source facts and agreed
meetings of ../shared/corpus/seeds.gold.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsloom.digest import build_digest

pytestmark = pytest.mark.seeds


@pytest.fixture(scope="module")
def story_a(seeded):
    store, gold = seeded
    files = set(gold["stories"][0]["articles"])
    name = {a.id: Path(a.origin).name for a in store.articles()}
    sid = next(s.id for s in store.stories() if files <= {name[i] for i in store.story(s.id).article_ids})
    entities = {e.key: e for e in store.entities()}
    digest = build_digest(store.story(sid), store.articles(sid), entities)
    return digest.compared, name, gold


def _files(position, name) -> set[str]:
    return {name[ev.article] for ev in position.evidence}


def test_nato_secretary_general_is_a_conflict_the_record_settles(story_a):
    compared, name, gold = story_a
    [finding] = [f for f in compared.findings if f.slot == "role:nato/secretary-general"]
    assert finding.status == "conflict"
    by_person = {p.label: p for p in finding.positions}
    expected = gold["conflicts"][0]["values"]
    assert set(by_person) == set(expected)
    for person, files in expected.items():
        assert _files(by_person[person], name) == set(files)
    assert by_person["Mark Rutte"].fits_record is True
    assert by_person["Jens Stoltenberg"].fits_record is False
    assert "left office on 2024-10-01" in by_person["Jens Stoltenberg"].record


def test_time_left_in_bidens_term_is_a_conflict(story_a):
    compared, name, gold = story_a
    [finding] = [f for f in compared.findings if f.slot.startswith("duration:term-left:") and "biden" in f.slot]
    assert finding.status == "conflict"
    groups = sorted(sorted(_files(p, name)) for p in finding.positions)
    less_than_a_year, months = gold["conflicts"][1]["values"].values()
    assert groups == sorted([sorted(less_than_a_year), sorted(months)])


def test_story_date_comes_from_the_office_holders_named(story_a):
    compared, _, _ = story_a
    # Mark Rutte (from 2024-10-01) and Josep Borrell (to 2024-11-30) bracket the gold date 2024-11-13
    assert compared.event_date is not None
    assert "2024-10-01" <= compared.event_date.isoformat() <= "2024-11-30"


def test_single_source_facts(story_a):
    compared, name, _ = story_a
    single = {(f.detail, frozenset(_files(p, name))) for f in compared.of("single") for p in f.positions}
    assert ("Antony Blinken met David Lammy", frozenset({"000_cdd9abf77c839536.txt"})) in single
    assert ("Antony Blinken met Kaja Kallas", frozenset({"001_049bf1246574e6f8.txt"})) in single
    rutte = [f for f in compared.of("single") if f.detail == "Mark Rutte said"]
    assert any("dual-use" in ev.sentence and name[ev.article].startswith("002")
               for f in rutte for p in f.positions for ev in p.evidence)


@pytest.mark.parametrize("other", ["Josep Borrell", "Mark Rutte"])
def test_meetings_agreed_across_languages(story_a, other):
    compared, name, _ = story_a
    [finding] = [f for f in compared.findings if f.detail == f"Antony Blinken met {other}"]
    assert finding.status == "agreed"
    langs = {ev.lang for p in finding.positions for ev in p.evidence}
    files = {name[ev.article] for p in finding.positions for ev in p.evidence}
    assert {"vi", "en"} <= langs
    assert {"001_049bf1246574e6f8.txt", "002_e211b24698a29565.txt"} <= files


def test_no_other_conflicts(story_a):
    compared, _, _ = story_a
    assert {f.slot.split(":")[0] + ":" + f.detail for f in compared.of("conflict")} == {
        "role:NATO Secretary General", "duration:time left in Joe Biden's term"}
    assert not compared.of("record")
