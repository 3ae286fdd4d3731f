"""newsloom: follow the news across outlets and languages.

    import newsloom
    nl = newsloom.open("news.db")
    nl.add(["articles/"])
    for row in nl.stories(limit=5):
        print(row.id, row.headline)

See `newsloom.api` for the whole API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.2.0"

if TYPE_CHECKING:
    from newsloom.api import Newsloom, open  # noqa: A004
    from newsloom.digest import Digest
    from newsloom.distributed import ClusterError
    from newsloom.facts.scores import SourceScore
    from newsloom.model import Article, Entity
    from newsloom.pipeline import RunReport
    from newsloom.search import ArticleHit, SearchResult, StoryHit
    from newsloom.settings import Settings
    from newsloom.store import StoreError, StorylineRow, StoryRow, WriterBusy

# not language data: the names this module gives
__all__ = ["Article", "ArticleHit", "ClusterError", "Digest", "Entity", "Newsloom", "RunReport", "SearchResult", "Settings",
           "SourceScore", "StoreError", "StoryHit", "StoryRow", "StorylineRow", "WriterBusy", "__version__", "open"]

# imported when first used, so that `newsloom --version` and `--help` load none of it; the types the API
# returns, for type hints in code that uses it (not language data: modules by name)
_LAZY = {"Newsloom": "newsloom.api", "open": "newsloom.api", "StoreError": "newsloom.store",
         "WriterBusy": "newsloom.store", "StoryRow": "newsloom.store", "StorylineRow": "newsloom.store",
         "ClusterError": "newsloom.distributed", "Digest": "newsloom.digest", "SourceScore": "newsloom.facts.scores", "Article": "newsloom.model",
         "Entity": "newsloom.model", "RunReport": "newsloom.pipeline", "ArticleHit": "newsloom.search",
         "SearchResult": "newsloom.search", "StoryHit": "newsloom.search", "Settings": "newsloom.settings"}


def __getattr__(name: str) -> object:
    import importlib

    if name == "api":  # help(newsloom.api) after `import newsloom`
        return importlib.import_module("newsloom.api")
    if name not in _LAZY:
        raise AttributeError(f"module 'newsloom' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value
