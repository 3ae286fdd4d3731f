"""Article <-> row: JSON for the small records, raw bytes for vectors."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import numpy as np

from newsloom.model import Amount, Article, Claim, EventDate, Mention, Quote


def iso(d: date | datetime | None) -> str | None:
    return d.isoformat() if d else None


def from_iso(s: str | None) -> datetime | None:
    return datetime.fromisoformat(s) if s else None


def _day(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def article_data(a: Article) -> str:
    """The derived parts of an article as one JSON document."""
    # not language data: the fields of the stored JSON document
    doc: dict[str, Any] = {
        "sentences": a.sentences,
        "event_dates": [
            {"day": iso(e.day), "end": iso(e.end), "text": e.text, "sentence": e.sentence} for e in a.event_dates
        ],
        # flat records of plain values: their fields as they are (dataclasses.asdict deep-copies each)
        "mentions": [vars(m) for m in a.mentions],
        "quotes": [vars(q) for q in a.quotes],
        "amounts": [vars(x) for x in a.amounts],
        "claims": [vars(c) for c in a.claims],
        "same_event": a.same_event,
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def load_data(a: Article, data: str) -> None:
    doc = json.loads(data)
    a.sentences = doc["sentences"]
    a.event_dates = [
        EventDate(day=_day(e["day"]), end=_day(e["end"]), text=e["text"], sentence=e["sentence"])  # type: ignore[arg-type]
        for e in doc["event_dates"]
    ]
    # stored before mentions said their field: the title's had sentence -1
    a.mentions = [Mention(**({"field": "title" if m["sentence"] == -1 else "text"} | m)) for m in doc["mentions"]]
    a.quotes = [Quote(**q) for q in doc["quotes"]]
    a.amounts = [Amount(**x) for x in doc["amounts"]]
    a.claims = [Claim(**c) for c in doc.get("claims", [])]
    a.same_event = doc.get("same_event", {})


def vec_bytes(v: np.ndarray | None) -> bytes | None:
    return None if v is None else np.ascontiguousarray(v, dtype=np.float32).tobytes()


def vec_from(b: bytes | None) -> np.ndarray | None:
    return None if b is None else np.frombuffer(b, dtype=np.float32).copy()
