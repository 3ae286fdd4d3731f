"""Digests as JSON (UTF-8 text, not ASCII-escaped), readable back with `read_json`."""

from __future__ import annotations

import json
from collections.abc import Iterable

from newsloom.digest import Digest


def render_json(digests: Iterable[Digest], indent: int | None = 2) -> str:
    return json.dumps({"stories": [d.to_dict() for d in digests]}, ensure_ascii=False, indent=indent)


def read_json(text: str) -> list[Digest]:
    """Inverse of `render_json`."""
    return [Digest.from_dict(d) for d in json.loads(text)["stories"]]
