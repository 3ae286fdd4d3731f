import json

import pytest

from conftest import SHARED
from newsloom.text.sentences import split_sentences


def test_english_abbreviations_and_initials():
    text = "Mr. Smith met the U.S. Secretary of State at 3 p.m. on Monday. John F. Kennedy spoke... Then silence!"
    assert split_sentences(text, "en") == [
        "Mr. Smith met the U.S. Secretary of State at 3 p.m. on Monday.",
        "John F. Kennedy spoke...",
        "Then silence!",
    ]


def test_a_time_at_sentence_end():
    """"11 p.m." ends a sentence when a word that usually opens one follows (a count, "About", "However")."""
    text = "The fire started at 11 p.m. About 300 residents were evacuated. It burned until 4 a.m. Three " \
           "people were hurt. Talks at 9 a.m. Monday went on."
    assert split_sentences(text, "en") == [
        "The fire started at 11 p.m.", "About 300 residents were evacuated.", "It burned until 4 a.m.",
        "Three people were hurt.", "Talks at 9 a.m. Monday went on."]


def test_us_at_sentence_end():
    assert split_sentences("He lives in the U.S. The country is big.", "en") == [
        "He lives in the U.S.", "The country is big."]


def test_vietnamese_numbers_names_and_places():
    text = "Giá 1.500 đồng, tăng 3.5%. Nạn nhân là ông Nguyễn Văn A. Sau đó ông về TP.HCM. GS. Trần Văn B phát biểu."
    assert split_sentences(text, "vi") == [
        "Giá 1.500 đồng, tăng 3.5%.",
        "Nạn nhân là ông Nguyễn Văn A.",
        "Sau đó ông về TP.HCM.",
        "GS. Trần Văn B phát biểu.",
    ]


def test_quotes_stay_with_their_sentence():
    text = "Ông nói: “Chúng tôi sẽ làm. Đó là cam kết”. Theo ông, việc này quan trọng. He said \"We go.\" Then left."
    assert split_sentences(text, None) == [
        "Ông nói: “Chúng tôi sẽ làm.", "Đó là cam kết”.", "Theo ông, việc này quan trọng.",
        "He said \"We go.\"", "Then left.",
    ]


def test_lowercase_after_punctuation_does_not_split():
    assert split_sentences("Ông hỏi: tại sao? rồi bỏ đi... và không nói gì.", "vi") == [
        "Ông hỏi: tại sao? rồi bỏ đi... và không nói gì."]


def test_lines_without_final_punctuation_are_sentences():
    text = "Tiêu đề không có dấu chấm\nĐoạn thứ hai. Câu ba.\n\n- Mục một\n1. First item here."
    assert split_sentences(text, "vi") == [
        "Tiêu đề không có dấu chấm", "Đoạn thứ hai.", "Câu ba.", "- Mục một", "1. First item here."]


def test_agrees_with_pysbd_and_is_fast_on_real_text():
    path = SHARED / "eval" / "vims.articles.jsonl"
    if not path.exists():
        pytest.skip("../shared is absent")
    pysbd = pytest.importorskip("pysbd")
    with path.open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for _, line in zip(range(60), f, strict=False)]
    seg = pysbd.Segmenter(language="en", clean=False)
    agree = total = 0
    for text in texts:
        ours = set(split_sentences(text, "vi"))
        theirs = [s.strip() for line in text.split("\n") if line.strip()
                  for s in seg.segment(" ".join(line.split())) if s.strip()]
        total += len(theirs)
        agree += sum(s in ours for s in theirs)
    assert agree / total > 0.9


def test_a_run_on_sentence_is_cut_into_pieces_at_clause_marks():
    """A list or a text without capitals is one "sentence" to the rules: later stages slowed down much
    faster than its length (a new user's 200 KB took 109 s), so it is cut into pieces of at most MAX_CHARS,
    at a clause mark where there is one, else at a space; nothing is lost."""
    from newsloom.text.sentences import MAX_CHARS

    items = "; ".join(f"Nguyễn Văn An {i} (34 tuổi, xã Hải Nam) nhận 12 triệu đồng" for i in range(300))
    words = " ".join(["roads rice homes farmers the. fields officials"] * 400)
    for text in (items, words):
        pieces = split_sentences(text, "vi")
        assert len(pieces) > len(text) // MAX_CHARS and all(len(p) <= MAX_CHARS for p in pieces)
        assert " ".join(pieces).split() == text.split()
    assert all(p.endswith(";") for p in split_sentences(items, "vi")[:-1])  # at the list's own marks


def test_chinese_and_japanese_full_stops_end_sentences_without_a_space():
    """tester44: a Chinese paragraph was one sentence, and its story's summary was empty."""
    assert split_sentences("机上载有182名乘客。飞机于14时30分安全着陆！他说：“我们很安全。”然后离开。 Next one.") == [
        "机上载有182名乘客。", "飞机于14时30分安全着陆！", "他说：“我们很安全。”然后离开。", "Next one."]
    # a stop inside a quote ends nothing: its speaker follows
    assert split_sentences("“我们很安全。”他说。「危ない！」と言った。") == ["“我们很安全。”他说。", "「危ない！」と言った。"]
