"""The web pages, rendered on the server (Jinja2), usable without JavaScript."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

router = APIRouter(include_in_schema=False)


def mount_static(app: FastAPI) -> None:
    """Serve the pages' stylesheet and pictures from the package (nothing from the internet)."""
