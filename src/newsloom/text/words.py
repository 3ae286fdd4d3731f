"""Words of any script: spaced words, and for Chinese and Japanese, written without spaces, character bigrams.

Bigrams stand for words where no segmenter is at hand, as in search engines' CJK analysers: "安全着陆" gives
"安全", "全着", "着陆". A run of such characters counts as one word per `CJK_CHARS_PER_WORD` characters.
"""

from __future__ import annotations

import re

# Han ideographs, kana and their marks: scripts written without spaces between words (Hangul has spaces)
_CJK = "\u3005\u3040-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # not "・", a separator
_RUN = re.compile(rf"[{_CJK}]+")
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W{_CJK}]+")
CJK_CHARS_PER_WORD = 1.7  # Chinese words' mean length in characters, about


def tokens(text: str) -> list[str]:
    """The words of `text`, as written (`\\w` runs), each CJK run as its character bigrams (one character
    alone as itself)."""
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        if _RUN.fullmatch(word):
            out.extend([word] if len(word) == 1 else [word[i:i + 2] for i in range(len(word) - 1)])
        else:
            out.append(word)
    return out


def count(text: str) -> int:
    """How many words `text` has: its words between spaces (`str.split`), or with CJK characters in it, its
    other words and those characters in words of mean length."""
    cjk = sum(len(m.group()) for m in _RUN.finditer(text))
    if not cjk:
        return len(text.split())
    spaced = sum(1 for w in _RUN.sub(" ", text).split() if any(c.isalnum() for c in w))  # not a lone "，"
    return spaced + round(cjk / CJK_CHARS_PER_WORD)
