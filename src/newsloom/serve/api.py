"""The REST API under /api (see serve/app.py for authentication, limits and headers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from newsloom.api import Newsloom
from newsloom.serve.app import library

router = APIRouter(prefix="/api", tags=["api"])
Library = Annotated[Newsloom, Depends(library)]


@router.get("/health")
def health(nl: Library) -> dict:
    """Whether the store can be read, and how much it holds."""
    return {"status": "ok", "articles": nl.store.article_count(), "stories": nl.count()}
