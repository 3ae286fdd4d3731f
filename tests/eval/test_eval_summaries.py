"""`newsloom eval summaries` on two tiny corpora written for these tests; expected scores worked out by hand."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from newsloom.cli import app
from newsloom.eval.summaries import corpus_prefix, cut, evaluate_summaries, print_summaries_report

FLOOD_1 = ("Mưa lớn kéo dài hai ngày đã làm ngập nhiều tuyến phố ở thành phố Huế. "
           "Chính quyền đã sơ tán hơn ba trăm hộ dân. Trường học được cho nghỉ đến thứ hai.")
FLOOD_2 = ("Nước sông Hương tiếp tục dâng cao sau mưa lớn. Hơn ba trăm hộ dân ở Huế phải rời nhà. "
           "Lực lượng cứu hộ đang hỗ trợ người dân.")
# the first sentence of FLOOD_1 in capitals, decomposed, other punctuation, under a ViMs-style header
FLOOD_REF = "Cluster_001\n\n=Einleitung=\n" + unicodedata.normalize(
    "NFD", "MƯA LỚN kéo dài hai ngày, đã làm ngập nhiều tuyến phố ở thành phố Huế!")
MATCH_1 = ("Đội tuyển Việt Nam thắng Thái Lan hai bàn không. Hai bàn thắng đều được ghi trong hiệp hai. "
           "Huấn luyện viên khen các cầu thủ trẻ.")
MATCH_2 = "Việt Nam giành chiến thắng trước Thái Lan tại Mỹ Đình. Khán giả đã lấp đầy sân vận động."
MATCH_REFS = ["Việt Nam thắng Thái Lan hai bàn không tại Mỹ Đình.", "Đội tuyển Việt Nam thắng Thái Lan."]


def _write(prefix: Path, clusters: list[tuple[str, list[tuple[str, str, str]], list[str]]]) -> Path:
    with open(f"{prefix}.articles.jsonl", "w", encoding="utf-8") as f:
        for cluster, articles, _ in clusters:
            for i, (title, text, day) in enumerate(articles):
                rec = {"id": f"{cluster}-{i}", "cluster": cluster, "lang": "vi", "title": title, "text": text,
                       "published": day, "source": "test", "url": None}
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with open(f"{prefix}.summaries.jsonl", "w", encoding="utf-8") as f:
        for cluster, _, refs in clusters:
            f.write(json.dumps({"cluster": cluster, "references": refs}, ensure_ascii=False) + "\n")
    return prefix


FLOOD = ("c1", [("Mưa lớn gây ngập ở Huế", FLOOD_1, "2024-05-01T08:00:00"),
                ("Sông Hương dâng cao", FLOOD_2, "2024-05-02T08:00:00")], [FLOOD_REF])
# the later article first in the file: lead must go by date
MATCH = ("c2", [("Việt Nam thắng trên sân nhà", MATCH_2, "2024-06-02T08:00:00"),
                ("Việt Nam thắng Thái Lan", MATCH_1, "2024-06-01T20:00:00")], MATCH_REFS)


@pytest.fixture()
def corpora(tmp_path: Path) -> tuple[Path, Path]:
    return _write(tmp_path / "one", [FLOOD]), _write(tmp_path / "two", [FLOOD, MATCH])


def test_cut_counts_rouge_tokens():
    assert cut(["A b, c.", "D-e f", "never read"], 5) == ["a", "b", "c", "d", "e"]
    assert cut(["a b"], 10) == ["a", "b"]


def test_corpus_prefix():
    assert corpus_prefix("x/vims.articles.jsonl") == "x/vims"
    assert corpus_prefix(Path("x/vims.summaries.jsonl")) == "x/vims"
    assert corpus_prefix("x/vims") == "x/vims"


def test_lead_matches_a_reference_that_is_its_first_sentence(corpora):
    one, _ = corpora
    r = evaluate_summaries([one])
    (c,) = r.corpora
    assert (c.name, c.clusters, c.articles, c.references) == ("one", 1, 2, 1)
    assert c.mean_reference_tokens == 16  # the header lines are dropped, punctuation is not counted
    assert list(c.systems) == ["newsloom", "lead", "lexrank"]
    lead = c.systems["lead"]
    for s in (lead.rouge1, lead.rouge2, lead.rougeL):
        assert (s.precision, s.recall, s.f1) == pytest.approx((1.0, 1.0, 1.0))


def test_two_references_hand_computed(corpora):
    one, two = corpora
    seen: list[tuple[int, int]] = []
    r = evaluate_summaries([one, Path(f"{two}.articles.jsonl")], progress=lambda n, t: seen.append((n, t)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    c = r.corpora[1]
    assert (c.name, c.clusters, c.articles, c.references) == ("two", 2, 4, 3)
    assert c.mean_reference_tokens == pytest.approx((16 + 11 + 7) / 3)
    # c2: references of 11 and 7 tokens -> lead is cut to 9: "đội tuyển việt nam thắng thái lan hai bàn".
    # ROUGE-1 vs ref 1: 7 shared, P 7/9, R 7/11, F1 0.7; vs ref 2: 7 shared, P 7/9, R 1, F1 7/8.
    # ROUGE-2 vs ref 1: 6 of 8 and of 10 bigrams, F1 2/3; vs ref 2: 6 of 8 and of 6, F1 6/7.
    # ROUGE-L: LCS 7 against both, so the same as ROUGE-1. c1 scores 1 on all three.
    lead = c.systems["lead"]
    assert lead.rouge1.f1 == pytest.approx((1 + (0.7 + 7 / 8) / 2) / 2)
    assert lead.rouge2.f1 == pytest.approx((1 + (2 / 3 + 6 / 7) / 2) / 2)
    assert lead.rougeL.f1 == pytest.approx(lead.rouge1.f1)
    assert lead.rouge1.precision == pytest.approx((1 + 7 / 9) / 2)
    assert lead.rouge1.recall == pytest.approx((1 + (7 / 11 + 1) / 2) / 2)
    for s in c.systems.values():
        assert 0 < s.rouge2.f1 <= s.rouge1.f1 <= 1 and 0 < s.rougeL.f1 <= s.rouge1.f1


def test_report_says_how_it_counts(corpora):
    one, _ = corpora
    console = Console(record=True, width=200)
    print_summaries_report(evaluate_summaries([one]), console)
    text = console.export_text()
    for needle in ("ROUGE-1 F1", "ROUGE-2 F1", "ROUGE-L F1", "newsloom", "lead (baseline)", "plain LexRank",
                   "Tokens: Vietnamese syllables, lower-cased, NFC, punctuation removed",
                   "cut to the mean length of its cluster's references", "averaged over references"):
        assert needle in text
    assert "100.00" in text  # lead on a reference that is its own first sentence


def test_cli(corpora):
    one, two = corpora
    runner = CliRunner()
    out = runner.invoke(app, ["eval", "summaries", str(one), f"{two}.articles.jsonl"])
    assert out.exit_code == 0, out.output
    assert out.output.count("ROUGE-L F1") == 2 and "Tokens: Vietnamese syllables" in out.output
    missing = runner.invoke(app, ["eval", "summaries", str(one.parent / "nothing")])
    assert missing.exit_code == 2
