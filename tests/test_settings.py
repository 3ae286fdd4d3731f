"""One settings object: every setting documented, read from TOML with clear errors, passed down to the
stages, and the story-shaping ones recorded in the store."""

from __future__ import annotations

import json

import pytest

from conftest import DEMO
from newsloom.ingest import read_sources
from newsloom.pipeline import Pipeline
from newsloom.settings import Settings, undocumented
from newsloom.store import SQLiteStore


def test_every_setting_has_a_one_line_doc():
    assert undocumented(Settings()) == []


def test_the_printed_settings_read_back_the_same(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(Settings().to_toml(), encoding="utf-8")
    assert Settings.load(path) == Settings()
    path.write_text('[storylines]\nmin_terms_cosine = 0.2\nkey_term_languages = ["en", "vi"]\n', encoding="utf-8")
    changed = Settings.load(path)
    assert changed.storylines.min_terms_cosine == 0.2 and changed.storylines.key_term_languages == ("en", "vi")
    assert changed.cluster == Settings().cluster


@pytest.mark.parametrize(("text", "message"), [
    ("[storylines]\nmin_cosine = 0.2\n", "[storylines] has no setting 'min_cosine'"),
    ("[clusters]\nthreshold = 0.2\n", "no settings [clusters]"),
    ("[cluster]\nthreshold = 'high'\n", "[cluster] threshold must be float"),
    ("[cluster\n", "not TOML"),
    # values outside what a setting allows
    ("[cluster]\nlinkage = 'mean '\n", "[cluster] linkage must be one of median, mean, not 'mean '"),
    ("[run]\nbatch_size = 0\n", "[run] batch_size must be at least 1, not 0"),
    ("[cluster]\nthreshold = 1.5\n", "[cluster] threshold must be from 0 to 1, not 1.5"),
    ("[dedup]\nthreshold = 0.3\n", "[dedup] threshold must be from 0.5 to 1, not 0.3"),
    ("[cluster]\nwindow_days = -5\n", "[cluster] window_days must be at least 1, not -5"),
    ("[cluster]\nw_dense = nan\n", "[cluster] w_dense must be a number, not nan"),
])
def test_a_wrong_settings_file_names_itself_and_the_key(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as err:
        Settings.load(path)
    assert str(err.value).startswith(str(path)) and message in str(err.value)


def test_settings_reach_the_stages_and_the_store_records_the_shaping_ones(tmp_path, embedder, caplog):
    short = Settings.from_dict({"summary": {"words": 12}, "cluster": {"threshold": 0.25}})
    with SQLiteStore(tmp_path / "a.db") as store:
        Pipeline(store, embedder, settings=short).run(read_sources([str(DEMO)]))
        recorded = json.loads(store.meta("settings"))
        summaries = [row.summary for row in store.stories()]
    assert recorded["cluster"]["threshold"] == 0.25 and recorded["lead_chars"] == 400
    assert all(len(s) == 1 for s in summaries)  # 12 words: one sentence, however long
    with SQLiteStore(tmp_path / "b.db") as store:
        Pipeline(store, embedder).run(read_sources([str(DEMO)]))
        assert any(len(row.summary) > 1 for row in store.stories())
    # the store built with other shaping settings says so when opened with the defaults (tester, 2026-12-05)
    with caplog.at_level("WARNING", logger="newsloom"), SQLiteStore(tmp_path / "a.db") as store:
        Pipeline(store, embedder)
    assert [r.getMessage() for r in caplog.records if "settings that shape stories differ" in r.getMessage()]


def test_settings_show_only_what_differs_from_the_defaults():
    """help(newsloom.api) printed every setting in every signature that defaults to them (an analyst)."""
    from dataclasses import replace

    from newsloom.settings import Settings

    assert repr(Settings()) == "Settings()"
    changed = replace(Settings(), compare=replace(Settings().compare, same_event=0.6))
    assert repr(changed) == "Settings(compare.same_event=0.6)"
