"""`newsloom bench --reopen`: stores of each size built once and reused, every command timed on each."""

from __future__ import annotations

import json
import subprocess

from conftest import CLI, DEMO


def test_reopen_builds_reuses_and_times_every_command(tmp_path):
    out = tmp_path / "reopen"
    args = [*CLI, "bench", "--reopen", str(DEMO / "wire.jsonl"), "--at", "2,all", "--out", str(out)]
    res = subprocess.run(args, capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stderr
    result = json.loads((out / "reopen.json").read_text(encoding="utf-8"))
    assert [s["articles"] for s in result["sizes"]] == [2, 4]  # "all" leaves the last record as the new one
    for size in result["sizes"]:
        assert size["run_s"] > 0 and set(size["reads_s"]) == {"stories", "show", "conflicts", "sources", "export"}
    assert "run: " in (out / "reopen.md").read_text(encoding="utf-8")
    built = (out / "reopen-4.db").stat().st_mtime
    again = subprocess.run(args, capture_output=True, text=True, timeout=900)
    assert again.returncode == 0 and (out / "reopen-4.db").stat().st_mtime == built  # reused, not rebuilt
