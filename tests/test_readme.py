"""The README stays a short page for users: small, no commit ids, links that work, the docs it points to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MAX_BYTES = 10_000  # "at most 10 KB", read as 10,000 bytes
COMMIT_LIKE = re.compile(r"\b[0-9a-f]{7,40}\b")
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
DOCS = ["docs/architecture.md", "docs/evaluation.md", "CHANGELOG.md"]


def _relative_links(path: Path) -> list[str]:
    """Targets of the Markdown links in `path` that point into the repository (code blocks left out)."""
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    targets = [m.group(1) for m in LINK.finditer(text)]
    return [t for t in targets if not re.match(r"^[a-z][a-z0-9+.-]*:", t, re.I) and not t.startswith("#")]


def test_readme_is_at_most_10_kb():
    size = README.stat().st_size
    assert size <= MAX_BYTES, f"README.md is {size} bytes; keep it at most {MAX_BYTES} (details go in docs/)"


def test_readme_names_no_commit():
    words = COMMIT_LIKE.findall(README.read_text(encoding="utf-8"))
    assert not words, f"commit-like words in README.md (history goes in CHANGELOG.md): {words}"


@pytest.mark.parametrize("page", ["README.md", *DOCS, "docs/known-gaps.md", "docs/vietnamese-names.md"])
def test_relative_links_point_to_files(page):
    path = ROOT / page
    if not path.is_file():
        pytest.skip(f"{page} is not there (test_docs_exist says whether it must be)")
    links = _relative_links(path)
    if page == "README.md":
        assert links, "README.md links to no file: where are the docs?"
    missing = [t for t in links if not (path.parent / t.split("#", 1)[0]).exists()]
    assert not missing, f"{page} links to files that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOCS)
def test_docs_exist(doc):
    assert (ROOT / doc).is_file(), f"{doc} is missing"
