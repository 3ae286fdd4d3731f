"""Digest renderers: terminal (rich), Markdown, JSON and one self-contained HTML report."""

from newsloom.render.html import render_html
from newsloom.render.jsonout import render_json
from newsloom.render.markdown import render_markdown
from newsloom.render.terminal import render_story_table, render_terminal

__all__ = ["render_html", "render_json", "render_markdown", "render_story_table", "render_terminal"]
