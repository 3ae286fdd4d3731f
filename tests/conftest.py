from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEMO = ROOT / "demo" / "corpus"


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
