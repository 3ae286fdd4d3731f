"""Entity mentions of long texts (issue 20): a text longer than WHOLE_CHARS is read by spaCy in pieces cut at
paragraph, line, sentence or word boundaries, with the offsets mapped back into the whole text, so that no
length gives spaCy's E088 (a text over nlp.max_length) and memory stays flat."""

from __future__ import annotations

from _longtext import long_article
from newsloom.entities.extract import PIECE_CHARS, WHOLE_CHARS, _english_nlp, extract_mentions, pieces
from newsloom.model import Article
from newsloom.text import article_sentences


def _joined(text: str, spans: list[tuple[int, int]]) -> str:
    assert all(a < b for a, b in spans) and all(spans[k][1] == spans[k + 1][0] for k in range(len(spans) - 1))
    return "".join(text[a:b] for a, b in spans)


def test_pieces_cut_at_paragraphs_then_lines_sentences_words():
    paragraphs = "\n\n".join(["Word " * 6] * 20)  # 32 characters a paragraph
    spans = pieces(paragraphs, [], size=100)
    assert _joined(paragraphs, spans) == paragraphs
    assert all(b - a <= 100 for a, b in spans)
    assert all(paragraphs[b - 2:b] == "\n\n" for _, b in spans[:-1])  # each ends after a paragraph break
    lines = "\n".join(["Line of words."] * 30)
    assert all(lines[b - 1] == "\n" for _, b in pieces(lines, [], size=50)[:-1])
    sentences = " ".join(f"Sentence number {k} ends here." for k in range(40))
    starts = [k for k in range(len(sentences)) if sentences.startswith("Sentence", k)]
    spans = pieces(sentences, starts, size=120)
    assert _joined(sentences, spans) == sentences
    assert all(b in starts for _, b in spans[:-1]) and all(b - a <= 120 for a, b in spans)
    words = "word " * 100  # no sentence known: after the last space
    assert all(words[b - 1] == " " for _, b in pieces(words, [], size=42)[:-1])
    blob = "x" * 1000  # nothing to cut at: at the limit
    assert pieces(blob, [], size=300) == [(0, 300), (300, 600), (600, 900), (900, 1000)]
    assert pieces("short", [], size=300) == [(0, 5)]


def test_a_text_over_the_model_limit_is_read_to_its_end_with_right_offsets():
    """1 MB: 30,000 characters of paragraphs (a made-up article) spaced out by blank space, so that spaCy has
    little to read: a 1 MB article of words takes it about 15 s, too long for a unit test."""
    title, *paragraphs = long_article(30_000, seed=7).split("\n\n")
    pad = " " * (1_000_000 // len(paragraphs))
    text = ("\n\n" + pad + "\n\n").join(p.strip() for p in paragraphs)
    assert len(text) > _english_nlp().max_length > WHOLE_CHARS  # spaCy would refuse it whole (E088)
    article = article_sentences(Article(id="long", origin="long.txt", title=title, text=text, lang="en"))
    mentions = extract_mentions(article)
    assert all(text[m.start:m.end] == m.text for m in mentions)
    assert all(m.text in article.sentences[m.sentence] for m in mentions)
    # the last paragraph (the only one naming these) was read, in the last piece
    last = {m.text: m for m in mentions if m.start > len(text) - PIECE_CHARS}
    assert {"Reykjavik", "Katrin Jakobsdottir", "Nordic Council"} <= set(last), sorted(last)
    assert last["Katrin Jakobsdottir"].label == "PERSON"
    assert last["Katrin Jakobsdottir"].sentence == len(article.sentences) - 1
    # ... and every part of the text in between
    tenths = {m.start * 10 // len(text) for m in mentions}
    assert tenths == set(range(10))
