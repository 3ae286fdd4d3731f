"""Text stages: normalise, language, sentences, dates."""

from newsloom.text.dates import article_event_dates, extract_event_dates, parse_published
from newsloom.text.language import detect_article, detect_language
from newsloom.text.normalize import clean_article_text, normalize_article, normalize_text, readable_article
from newsloom.text.sentences import article_sentences, split_sentences

# not language data: the names this module exports
__all__ = [
    "article_event_dates",
    "article_sentences",
    "clean_article_text",
    "detect_article",
    "detect_language",
    "extract_event_dates",
    "normalize_article",
    "normalize_text",
    "parse_published",
    "readable_article",
    "split_sentences",
]
