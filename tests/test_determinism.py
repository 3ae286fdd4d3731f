"""The whole pipeline gives the same stories whatever Python's hash seed (set and dict order must not leak)."""

from __future__ import annotations

import os
import subprocess

from conftest import CLI, DEMO, SHARED


def _export(tmp_path, seed: str) -> bytes:
    db, out = tmp_path / f"run-{seed}.db", tmp_path / f"run-{seed}.json"
    sources = [str(DEMO)]
    if (SHARED / "corpus" / "seeds").is_dir():
        sources.append(str(SHARED / "corpus" / "seeds"))
    env = {**os.environ, "PYTHONHASHSEED": seed}
    for args in (["run", *sources], ["export", "--format", "json", "--output", str(out)]):
        done = subprocess.run([*CLI, "--db", str(db), *args], env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    return out.read_bytes()


def test_digests_do_not_depend_on_hash_seed(tmp_path):
    first = _export(tmp_path, "1")
    assert b'"story_id"' in first and b'"entities"' in first
    assert _export(tmp_path, "2") == first
