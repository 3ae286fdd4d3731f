from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEMO = ROOT / "demo" / "corpus"
CLI = [sys.executable, "-m", "newsloom.cli"]  # the command line, in a process of its own


@pytest.fixture(scope="session")
def embedder():
    """The bundled embedder, loaded once for the whole test run."""
    from newsloom.embed import get_embedder

    return get_embedder()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus" / "seeds").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seeded(tmp_path_factory, shared, embedder):
    """The five seed articles run through the real pipeline, and the gold file."""
    import json

    from newsloom.ingest import read_sources
    from newsloom.pipeline import Pipeline
    from newsloom.store import SQLiteStore

    store = SQLiteStore(tmp_path_factory.mktemp("seeds") / "seeds.db")
    Pipeline(store, embedder).run(read_sources([str(shared / "corpus" / "seeds")]))
    gold = json.loads((shared / "corpus" / "seeds.gold.json").read_text(encoding="utf-8"))
    yield store, gold
    store.close()


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server of this test run's own (tests/_postgres.py); `postgres.database()` gives the URL of
    a new, empty database."""
    from _postgres import Server

    server = Server()
    yield server
    server.stop()


def parse_python(source: str):
    """`ast.parse`, asked again when CPython 3.11's AST constructor reports a spurious "recursion depth
    mismatch" (python/cpython#106905: its counter is shared, and another thread's parse during a garbage
    collection upsets it; seen once in a CI run)."""
    import ast

    for _ in range(4):
        try:
            return ast.parse(source)
        except SystemError:
            continue
    return ast.parse(source)
