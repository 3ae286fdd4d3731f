"""What the stages read besides the article and the settings, loaded once and passed down.

The office record is the bundled table of office holders plus the user's own (`--offices`): role claims
are resolved against it when they are extracted, and sources compared check claims against it. The
models (spaCy, pyvi, fastText, the embedder) and the gazetteer are loaded on first use by the process
that needs them (the writer or a reader process), once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsloom.facts.offices import OfficeRecord, bundled


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Resources:
    record: OfficeRecord = field(default_factory=bundled)  # office holders: bundled, plus the user's
    clock: Callable[[], datetime] = utc_now  # now, for publication dates in the future
