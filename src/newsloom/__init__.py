"""newsloom: follow the news across outlets and languages.

    import newsloom
    nl = newsloom.open("news.db")
    nl.add(["articles/"])
    for row in nl.stories(limit=5):
        print(row.id, row.headline)

See `newsloom.api` for the whole API.
"""

__version__ = "0.2.0"

from newsloom.api import Newsloom, open  # noqa: A004, E402
from newsloom.store import StoreError, WriterBusy  # noqa: E402

__all__ = ["Newsloom", "StoreError", "WriterBusy", "__version__", "open"]
