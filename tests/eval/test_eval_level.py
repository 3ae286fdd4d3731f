"""`newsloom eval clusters --level`: articles scored by their story or by their story's storyline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from newsloom.cli import app
from newsloom.eval.clusters import (
    ClusterEval,
    LevelScores,
    evaluate_clusters,
    groups_at_level,
    print_cluster_report,
)
from newsloom.eval.metrics import cluster_scores
from newsloom.model import Article
from newsloom.store import SQLiteStore


def _store_with_storylines(path: Path) -> SQLiteStore:
    """Stories 1..4: 1 and 2 form storyline 1, 3 and 4 are storylines alone; f:5 copies f:2."""
    store = SQLiteStore(path)
    with store.transaction():
        for n, story in enumerate([1, 2, 3, 4], 1):
            store.add_article(Article(id=f"a{n}", origin=f"f:{n}", title=f"T{n}", text=f"text {n}", story_id=story),
                              None, None)
            store.touch_story(story)
        store.add_copy("a2", "f:5", None, None)
        store.join_storylines(2, 1)
    return store


def test_levels_map_articles_to_story_and_storyline(tmp_path):
    with _store_with_storylines(tmp_path / "s.db") as store:
        story = groups_at_level(store, "story")
        line = groups_at_level(store, "storyline")
        with pytest.raises(ValueError):
            groups_at_level(store, "topic")
    assert story == {"f:1": 1, "f:2": 2, "f:3": 3, "f:4": 4, "f:5": 2}
    assert line == {"f:1": 1, "f:2": 1, "f:3": 3, "f:4": 4, "f:5": 1}
    # gold {f:1, f:2, f:5} {f:3} {f:4}: the storyline level gets it exactly; the story level splits f:1 off,
    # so recall per item is 1/3, 2/3, 1, 1, 2/3 -> 11/15, precision 1
    origins = ["f:1", "f:2", "f:3", "f:4", "f:5"]
    gold = ["x", "x", "y", "z", "x"]
    s = cluster_scores(gold, [story[o] for o in origins])
    assert (s.precision, s.recall) == pytest.approx((1.0, 11 / 15))
    s = cluster_scores(gold, [line[o] for o in origins])
    assert (s.precision, s.recall, s.f1) == pytest.approx((1.0, 1.0, 1.0))


FLOOD = [
    ("Mưa lớn gây ngập ở Huế", "Mưa lớn kéo dài hai ngày đã làm ngập nhiều tuyến phố ở thành phố Huế. "
     "Chính quyền tỉnh Thừa Thiên Huế đã sơ tán hơn ba trăm hộ dân."),
    ("Sông Hương dâng cao", "Nước sông Hương tiếp tục dâng cao sau mưa lớn ở Huế. Hơn ba trăm hộ dân ở "
     "Thừa Thiên Huế phải rời nhà, lực lượng cứu hộ đang hỗ trợ người dân."),
    ("Huế khắc phục hậu quả mưa lũ", "Sau trận mưa lớn, thành phố Huế bắt đầu dọn dẹp các tuyến phố bị ngập. "
     "Các hộ dân được sơ tán ở Thừa Thiên Huế đã trở về nhà."),
]
FOOTBALL = [
    ("Việt Nam thắng Thái Lan", "Đội tuyển Việt Nam thắng Thái Lan hai bàn không trên sân Mỹ Đình tối qua. "
     "Huấn luyện viên Kim Sang-sik khen các cầu thủ trẻ."),
    ("Chiến thắng ở Mỹ Đình", "Tuyển Việt Nam giành chiến thắng hai bàn không trước Thái Lan tại sân Mỹ Đình. "
     "Khán giả đã lấp đầy sân vận động để cổ vũ đội nhà."),
    ("Kim Sang-sik hài lòng", "Sau trận thắng Thái Lan ở Mỹ Đình, huấn luyện viên Kim Sang-sik nói đội tuyển "
     "Việt Nam đã chơi kỷ luật. Hai bàn thắng đều đến trong hiệp hai."),
]


def _corpus(path: Path, lang: str | None = "vi") -> Path:
    rows = [("flood", t, x) for t, x in FLOOD] + [("football", t, x) for t, x in FOOTBALL]
    with open(path, "w", encoding="utf-8") as f:
        for n, (cluster, title, text) in enumerate(rows):
            rec = {"id": f"t{n}", "cluster": cluster, "lang": lang, "title": title, "text": text,
                   "published": f"2024-05-0{n + 1}T08:00:00+07:00", "source": f"site{n % 2}", "url": None}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def test_linked_stories_are_one_group_at_storyline_level(tmp_path, embedder):
    from newsloom.settings import Settings

    # link every pair of stories, so the storyline level must put all six articles in one group
    every = Settings.from_dict({"storylines": {"min_similarity": -1.0, "min_shared_entities": 0}})
    r = evaluate_clusters([_corpus(tmp_path / "tiny.jsonl")], embedder=embedder, settings=every)
    story, line = r.levels["story"], r.levels["storyline"]
    assert r.articles == 6 and r.gold_clusters == 2
    assert story.groups >= 2, "the two topics should make at least two stories"
    assert line.groups == 1
    # one group of 3 + 3: every article's precision is 1/2, its recall 1
    assert (line.overall.precision, line.overall.recall) == pytest.approx((0.5, 1.0))
    assert line.overall.ari == pytest.approx(0.0)
    assert story.overall.precision > line.overall.precision
    assert set(line.per_file) == {"tiny.jsonl"} and set(line.per_language) == {"vi"}


def test_records_without_a_language_are_scored_under_the_one_found(tmp_path, embedder):
    """An analyst's corpus had no `lang` field: every article was "und"."""
    r = evaluate_clusters([_corpus(tmp_path / "nolang.jsonl", lang=None)], embedder=embedder)
    assert set(r.levels["story"].per_language) == {"vi"}


def test_report_title_names_the_level():
    gold = ["x", "x", "y"]
    r = ClusterEval({"story": LevelScores(cluster_scores(gold, [1, 1, 2]), groups=2),
                     "storyline": LevelScores(cluster_scores(gold, [1, 1, 1]), groups=1)},
                    articles=3, gold_clusters=2, seconds=1.0)
    console = Console(record=True, width=250)
    print_cluster_report(r, console, ["storyline"])
    text = " ".join(console.export_text().split())
    assert "Story clustering at storyline level: 3 articles, 2 gold stories, 1 storyline found" in text
    # one group for x, x, y: precision 2/3, 2/3, 1/3 -> 5/9, recall 1, F1 (10/9) / (14/9) = 5/7
    assert "│ all │ 3 │ 0.5556 │ 1.0000 │ 0.7143 │" in text
    console = Console(record=True, width=250)
    print_cluster_report(r, console, ["story", "storyline"])
    text = " ".join(console.export_text().split())
    assert "at story and storyline levels" in text and "2 stories and 1 storyline found" in text
    assert "│ story │ all │ 3 │ 1.0000 │ 1.0000 │ 1.0000 │" in text
    assert "│ storyline │ all │ 3 │ 0.5556 │ 1.0000 │ 0.7143 │" in text
    with pytest.raises(ValueError):
        print_cluster_report(r, console, ["topic"])


def test_cli_rejects_an_unknown_level(tmp_path):
    out = CliRunner().invoke(app, ["eval", "clusters", str(tmp_path / "x.jsonl"), "--level", "topic"])
    assert out.exit_code == 2
