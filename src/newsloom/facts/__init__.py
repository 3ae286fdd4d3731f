"""Facts read from an article's text: who said what (quotes) and how much (amounts)."""

from newsloom.facts.amounts import extract_amounts
from newsloom.facts.quotes import extract_quotes

__all__ = ["extract_amounts", "extract_quotes"]
