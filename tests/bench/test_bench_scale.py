"""`newsloom bench --scale` on a small corpus the test writes: checkpoints, windows, the files it writes."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsloom.bench.scale import (
    ScaleBenchError,
    ScaleResult,
    markdown,
    parse_checkpoints,
    require_matplotlib,
    run_scale,
    write_outputs,
)
from newsloom.cli import app

PLACES = ["Hà Nội", "Đà Nẵng", "Cần Thơ", "Huế", "Hải Phòng", "Nha Trang"]
EVENTS = [
    ("khánh thành cầu mới", "Cây cầu dài {n}0 mét nối hai bờ sông, giúp người dân đi lại thuận tiện hơn."),
    ("mưa lớn gây ngập", "Mưa kéo dài {n} giờ khiến nhiều tuyến phố ngập sâu, xe cộ di chuyển khó khăn."),
    ("mở hội chợ nông sản", "Hội chợ có {n}0 gian hàng trưng bày trái cây, gạo và cà phê của nông dân."),
    ("tổ chức giải chạy", "Hơn {n}00 vận động viên tham gia giải chạy quanh hồ vào sáng chủ nhật."),
    ("khai giảng trường học", "Trường mới có {n} dãy phòng học và một thư viện rộng cho học sinh."),
]
ENGLISH = ("Port of {place} expands", "The port of {place} opened a new container terminal with {n} cranes on "
           "Monday, officials said.")


def _articles(n: int = 60) -> list[dict]:
    out = []
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        if i % 10 == 9:
            title, text = ENGLISH
            lang = "en"
        else:
            title, text = EVENTS[(i // len(PLACES)) % len(EVENTS)]
            title, text, lang = f"{place} {title}", f"Ngày {i % 28 + 1}/3, tại {place}. {text}", "vi"
        out.append({"id": f"t-{i}", "cluster": None, "lang": lang, "title": title.format(place=place, n=i + 2),
                    "text": text.format(place=place, n=i + 2) + f" Đây là bản tin số {i + 1}."})
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """60 articles as .jsonl.gz, with one broken line that must be counted and skipped."""
    path = tmp_path_factory.mktemp("scale") / "small.jsonl.gz"
    lines = [json.dumps(a, ensure_ascii=False) for a in _articles()]
    lines.insert(30, "{not json")
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    return path


@pytest.fixture(scope="module")
def result(corpus, embedder) -> tuple[ScaleResult, list[tuple[int, int]]]:
    seen: list[tuple[int, int]] = []
    r = run_scale(corpus, at="20,35,80,all", window=10, embedder=embedder,
                  progress=lambda done, total: seen.append((done, total)))
    return r, seen


def test_checkpoints_windows_and_rates(result):
    r, seen = result
    assert [c.articles for c in r.checkpoints] == [20, 35, 60]  # 80 is past the end; "all" is the end
    assert r.skipped == [80]
    assert r.failures == 1 and r.articles == 60
    # windows end at multiples of the window and at the checkpoints, and cover every article once
    assert [(w.start, w.end) for w in r.windows] == [(0, 10), (10, 20), (20, 30), (30, 35), (35, 40),
                                                     (40, 50), (50, 60)]
    assert all(w.seconds > 0 and w.rate > 0 and w.cpu_seconds > 0 for w in r.windows)
    assert all(w.stage_seconds.get("embed", 0) > 0 and "read" in w.stage_seconds for w in r.windows)
    # a checkpoint's window goes back to hold at least `window` articles
    assert (r.checkpoints[1].window.start, r.checkpoints[1].window.end) == (20, 35)
    for c in r.checkpoints:
        assert c.rate > 0 and c.window.rate > 0 and c.peak_rss_mb > 0 and c.stories > 0
    assert r.checkpoints[-1].stored + r.duplicates == 60
    assert seen[-1][0] == 60 and all(total >= done for done, total in seen)
    assert "within 20%" in r.verdict() and "< 4096" in r.verdict()


def test_outputs_written_and_read_back(result, tmp_path):
    r, _ = result
    paths = write_outputs(r, tmp_path / "out")
    names = {p.name for p in paths}
    assert names == {"scale.png", "scale.svg", "scale.md", "scale.json"}
    assert (tmp_path / "out" / "scale.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "out" / "scale.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    md = (tmp_path / "out" / "scale.md").read_text(encoding="utf-8")
    assert "| checkpoint | articles | window art/s |" in md and "![" in md and r.verdict() in md
    doc = json.loads((tmp_path / "out" / "scale.json").read_text(encoding="utf-8"))
    assert [c["articles"] for c in doc["checkpoints"]] == [20, 35, 60]
    assert sum(w["end"] - w["start"] for w in doc["windows"]) == 60
    again = ScaleResult.from_json(doc)
    assert markdown(again) == markdown(r)


def test_parse_checkpoints():
    assert parse_checkpoints("1000,5000,20000,all") == ([1000, 5000, 20000], True)
    assert parse_checkpoints("45_285, 1000") == ([1000, 45285], False)
    for bad in ("", "ten", "0,all", "-5"):
        with pytest.raises(ScaleBenchError):
            parse_checkpoints(bad)


def test_not_a_jsonl_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\nText.", encoding="utf-8")
    with pytest.raises(ScaleBenchError, match="JSON Lines"):
        run_scale(path, embedder=object())


def test_missing_matplotlib_names_the_extra(monkeypatch, corpus, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    with pytest.raises(ScaleBenchError, match=r"pip install 'newsloom\[eval\]'"):
        require_matplotlib()
    res = CliRunner().invoke(app, ["bench", "--scale", str(corpus), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and "newsloom[eval]" in res.output
    assert not (tmp_path / "o").exists()  # failed before running anything


def test_bench_needs_files_or_scale():
    res = CliRunner().invoke(app, ["bench"])
    assert res.exit_code == 2 and "--scale" in res.output


def test_plain_bench_still_works(monkeypatch, embedder, tmp_path):
    path = tmp_path / "few.jsonl"
    path.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in _articles(12)) + "\n", encoding="utf-8")
    monkeypatch.setattr("newsloom.embed.get_embedder", lambda name="auto", **kw: embedder)
    res = CliRunner().invoke(app, ["bench", str(path), "--limit", "8"])
    assert res.exit_code == 0, res.output
    assert "end to end" in res.output and "peak memory" in res.output


def test_interrupted_run_keeps_complete_windows(corpus, embedder):
    def stop_at_25(done: int, total: int) -> None:
        if done == 25:
            raise KeyboardInterrupt

    r = run_scale(corpus, at="15,all", window=10, embedder=embedder, progress=stop_at_25)
    assert r.interrupted
    assert [(w.start, w.end) for w in r.windows] == [(0, 10), (10, 15), (15, 20)]
    assert [c.articles for c in r.checkpoints] == [15, 20]
    assert "Interrupted" in markdown(r)
