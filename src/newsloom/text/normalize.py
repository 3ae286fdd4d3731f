"""Clean article text: Unicode form, Vietnamese tone marks, odd spaces, and boilerplate lines; then, for
reading, hard-wrapped lines joined and typesetting codes dropped (`readable_article`).

Tone-mark convention: the *modern* placement ("hòa", "khỏe", "thủy"). In an open syllable ending in
oa / oe / uy the mark sits on the first vowel; the old placement ("hoà", "khoẻ", "thuỷ") is rewritten.
Syllables with a final consonant ("hoàng", "huỳnh") and "qu" + y ("quý") are the same in both styles.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import replace

from newsloom import lang
from newsloom.model import Article

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# Onsets Vietnamese syllables may start with: keeps foreign names ("Chloé", "Zoé") untouched. Here "qu" is
# "q" and a vowel, which may carry the old tone ("quỳ"): `_modern_tone` leaves it.
_ONSET = "(?:" + "|".join(re.escape(onset) for onset in lang.words("vi", "onsets") if onset != "qu") + ")?"
# NFD syllable ending in o+a/e or u+y with the tone on the second vowel; not "qu" + y (the u is onset).
_OLD_TONE = re.compile(
    rf"(?<![^\W\d_])(?<![\u0300-\u036f])({_ONSET})([oO][aAeE]|[uU][yY])([{_TONES}])(?![^\W\d_]|[\u0300-\u036f])",
    re.IGNORECASE,
)

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])[\u2019\u02bc\u2018](?=[^\W\d_])")  # EU’s -> EU's (inside a word)

_CREDIT = rf"(?:Tin\s*,\s*)?(?:{lang.alternation('common', 'photo_credit_words')})(?:\s*,\s*(?:clip|video|ảnh))?"
# a photo credit starting a line, "Ảnh: AFP", "(Photo: Reuters)", or ending a caption: "... - Ảnh: AFP"
_CREDIT_START = re.compile(rf"^\(?\s*{_CREDIT}\s*(?::|by\b)", re.IGNORECASE)
_CREDIT_END = re.compile(
    rf"(?:\(|\s[-–—|]|(?<=[.!?…\s]))\s*(?:{_CREDIT}\s*(?::|by\b)|Photo by\b)[^.!?:]{{1,80}}\)?\.?\s*$",
    re.IGNORECASE,
)
_CAPTION_MAX = 300  # longer lines ending in a credit are article text with the credit glued on
_BOILERPLATE = [
    # copyright footers
    re.compile(r"^\s*(?:©|\(c\)\s*\d{4}|copyright\b|bản quyền\b)", re.IGNORECASE),
    re.compile(r"all rights reserved|giữ bản quyền", re.IGNORECASE),
    # pointers to other pages
    re.compile(rf"^\s*(?:{lang.alternation('common', 'read_more')})\s*[:>»\-–]", re.IGNORECASE),
]
# a line that is only the page's time stamp ("Thứ Năm, 29/10/2026 09:15", "Thursday, October 29, 2026 9:15 AM"):
# no sentence of the article, and no event on its timeline
_WEEKDAY = rf"(?:thứ\s+(?:{lang.alternation('vi', 'weekdays')})|chủ\s+nhật|{lang.alternation('en', 'weekdays')})"
_MONTH = "|".join(re.escape(m) for m in lang.table("en", "months"))
_STAMP = re.compile(
    rf"^\W*(?:{_WEEKDAY}\s*,?\s*)?(?:ngày\s+)?"
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|(?:{_MONTH})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{_MONTH})\s+\d{{4}})"
    r"(?:\s*[,|\-–]?\s*\d{1,2}[:h]\d{2}(?:\s*(?:[ap]\.?m\.?|sa|ch))?)?(?:\s*\(?(?:gmt|utc)\s*[+-]\s*\d{1,2}\)?)?\W*$",
    re.IGNORECASE)
# share / subscribe lines: only when the line is short, so article sentences mentioning them stay
_SHORT_BOILERPLATE = re.compile(
    rf"^\W*(?:(?:chia sẻ|share)(?:\s*:|$)|{lang.alternation('common', 'share_lines')})", re.IGNORECASE)


def _modern_tone(match: re.Match[str]) -> str:
    onset, vowels, tone = match.groups()
    if onset.lower() == "q" and vowels[0] in "uU":  # "quý": u belongs to the onset
        return match.group(0)
    return onset + vowels[0] + tone + vowels[1]


def normalize_text(s: str) -> str:
    """NFC, modern tone marks, plain spaces, no zero-width characters, word-internal apostrophes as '.

    Line structure is kept; spaces at line ends are dropped. Quotation marks “ ” « » are left as they are.
    """
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    s = _INVISIBLE.sub("", s)
    s = unicodedata.normalize("NFD", s)
    s = _OLD_TONE.sub(_modern_tone, s)
    s = unicodedata.normalize("NFC", s)
    s = _APOSTROPHE.sub("'", s)
    s = _SPACES.sub(" ", s)
    return "\n".join(line.strip() for line in s.split("\n"))


def is_boilerplate(line: str) -> bool:
    """True for a caption with a photo credit, copyright footer, "read more" pointer, share line or time stamp."""
    if len(line) <= _CAPTION_MAX and _CREDIT_END.search(line):
        return True
    if len(line) <= 100 and _CREDIT_START.search(line):
        return True
    if any(p.search(line) for p in _BOILERPLATE) or len(line) <= 60 and _STAMP.match(line):
        return True
    return len(line) <= 80 and bool(_SHORT_BOILERPLATE.search(line))


def _strip_credit(line: str) -> str:
    """Article text with a photo credit glued to its end: drop the credit, keep the text."""
    m = _CREDIT_END.search(line)
    return line[: m.start()].rstrip() if m else line


def clean_article_text(text: str) -> str:
    """Normalised text without boilerplate lines; paragraphs separated by one blank line.

    A single newline inside the input is kept (it often separates paragraphs in scraped text);
    runs of blank lines become one blank line.
    """
    out: list[str] = []
    for line in normalize_text(text).split("\n"):
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        if not is_boilerplate(line):
            out.append(_strip_credit(line))
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# a hard-wrapped text (archives, wire copy, e-mail): lines cut at a width of at most this many characters
WRAP_WIDTH = 100
_SENTENCE_END = re.compile(r"[.!?…:;\"”’'»)\]]$")
# an SGML typesetting code of news archives ("&HT;" a tab, "&UR;"/"&LR;" around a label, "&QL;"): no HTML entity
_MARKUP_CODE = re.compile(r"&[A-Z]{2,4};")
# terminal control sequences (colours, a window title: "\x1b]0;pwned\x07") and other control characters,
# which a page may carry and a terminal would obey
_CONTROLS = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]{0,300}(?:\x07|\x1b\\)?|[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# quotation marks typed as two backquotes and two apostrophes (``…'', ''…'': news archives, TeX)
_TYPED_OPEN = re.compile(r"``|(?:(?<=^)|(?<=[\s(\[—–-]))''(?=\w)", re.MULTILINE)
_TYPED_CLOSE = re.compile(r"(?<!\d)''")  # not inches: 4,95''


def join_wrapped_lines(text: str) -> str:
    """`text` with the lines of a hard-wrapped paragraph joined: where most lines followed by another line
    of their paragraph end mid-sentence, are at most WRAP_WIDTH long (40 or more at their median) and a
    quarter or more of the lines after them go on in lowercase, a line about as long as the longest joins
    the next one. Scraped text, one paragraph a line, is left as it is; so are headings, bylines and list
    items (short lines, or lines starting with capitals)."""
    lines = text.split("\n")
    inner = [i for i in range(len(lines) - 1) if lines[i] and lines[i + 1]]
    if len(inner) < 3:
        return text
    lengths = sorted(len(lines[i]) for i in inner)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    open_ = sum(not _SENTENCE_END.search(lines[i]) for i in inner)
    going_on = sum(lines[i + 1][:1].islower() for i in inner)  # a list's items start with capitals
    if width > WRAP_WIDTH or lengths[len(lengths) // 2] < 40 or open_ * 2 < len(inner) or going_on * 4 < len(inner):
        return text
    out: list[list[str]] = [[lines[0]]]
    for prev, line in zip(lines, lines[1:], strict=False):
        if prev and line and len(prev) >= width - 20:
            glued = prev.endswith("-") and prev[-2:-1].isalpha()
            out[-1].append(line if glued else " " + line)
        else:
            out.append([line])
    return "\n".join("".join(parts) for parts in out)


def drop_markup_codes(s: str) -> str:
    """`s` without the typesetting codes of news archives ("&HT;", "&UR; NAPSTER _ &LR;"), spaces tidied."""
    if "&" not in s:
        return s
    return _tidy(_MARKUP_CODE.sub(lambda m: m.group() if html.unescape(m.group()) != m.group() else " ", s))


def _without_controls(s: str) -> str:
    return _tidy(_CONTROLS.sub(" ", s)) if _CONTROLS.search(s) else s


def _tidy(s: str) -> str:
    """One space between words, none at the ends of lines."""
    return "\n".join(" ".join(line.split()) for line in s.split("\n"))


def typeset_quotes(s: str) -> str:
    """Quotation marks typed as ``…'' or ''…'' as “…”: an opening one where a quote starts, else closing
    (not after a digit, unless the text opens quotes with ``: 4,95'' are inches)."""
    if "``" not in s and "''" not in s:
        return s
    opened = _TYPED_OPEN.sub("“", s)
    return opened.replace("''", "”") if "``" in s else _TYPED_CLOSE.sub("”", opened)  # ``Apollo 13''


def cut_at_word(s: str, limit: int) -> str:
    """The start of `s`, at most `limit` characters, cut after a whole word (mid-word when none fits)."""
    if len(s) <= limit:
        return s
    return s[:limit].rsplit(" ", 1)[0] or s[:limit]


def readable_article(article: Article) -> Article:
    """The article as people read it: terminal control sequences and hard-wrapped lines gone, typesetting
    codes dropped, quotation marks typed as ``…'' set as “…”, a title with no letters ("&HT;") none. Its id
    stays that of the text as read."""
    text = typeset_quotes(drop_markup_codes(join_wrapped_lines(_without_controls(article.text))))
    title = typeset_quotes(drop_markup_codes(_without_controls(article.title)))
    source = _without_controls(article.source) if article.source else article.source
    return replace(article, title=title if any(c.isalpha() for c in title) else "", text=text, source=source)


def normalize_article(article: Article) -> Article:
    """A copy of the article with a normalised title, source and cleaned text (a Windows-1258 page's site name
    comes with its tone marks apart)."""
    title = " ".join(normalize_text(article.title).split())
    source = " ".join(normalize_text(article.source).split()) if article.source else article.source
    return replace(article, title=title, source=source, text=clean_article_text(article.text))
