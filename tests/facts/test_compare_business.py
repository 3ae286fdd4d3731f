"""Business figures (tester39's findings 1 and 4): a company's result is a figure of the period it covers, a
trade duty at one stage of a case one figure, a country's or a province's FDI another measure than a project's
investment, a deal's value read in both languages, and a bound corroborates only a figure near it."""

from __future__ import annotations

from datetime import datetime

import pytest

from _articles import build, from_outlets
from newsloom.facts.claims import measures
from newsloom.facts.compare import compare_story
from newsloom.model import RawItem

JULY = datetime(2026, 7, 25, 9)


def _slots(text: str, published: datetime = JULY) -> dict[str, str]:
    article = build(text, item=RawItem("t", "Tin", text, published=published))
    return {c.slot: c.value for c in measures.extract(article)}


def _story(*texts: str) -> list:
    return from_outlets(texts, [datetime(2026, 7, 25, 8 + i) for i in range(len(texts))])


def _finding(articles: list, slot: str):
    return next(f for f in compare_story(articles).findings if f.slot == slot)


@pytest.mark.parametrize(("text", "slots"), [
    ("Công ty Cổ phần Thủy sản Bến Tre cho biết quý II/2026 đạt lợi nhuận sau thuế 310 tỷ đồng.",
     {"amount:net-profit@q2-2026": "3.1e+11 VND"}),
    ("Lũy kế 6 tháng đầu năm, doanh nghiệp đạt lợi nhuận sau thuế 520 tỷ đồng.",
     {"amount:net-profit@h1-2026": "5.2e+11 VND"}),
    ("For the first half, the lender's pre-tax profit reached 4,100 billion dong.",
     {"amount:pretax-profit@h1-2026": "4.1e+12 VND"}),
    ("Net profit in the fourth quarter of 2025 was 900 billion dong.", {"amount:net-profit@q4-2025": "9e+11 VND"}),
    # said plainly, a profit may be a segment's or another line's: a period, and shown only
    ("The company's profit in the second quarter was 310 billion dong.", {"amount:profit@q2-2026": "3.1e+11 VND"}),
    # a forecast, and the year before's figure, are no reported figure of the period
    ("Analysts expect full-year net profit to reach 1,200 billion dong.",
     {"amount:forecast-net-profit@fy": "1.2e+12 VND"}),
    ("Its net profit of 280 billion dong a year earlier was a record.",
     {"amount:previous-net-profit": "2.8e+11 VND"}),
    # the other clause's period is not the figure's ("tăng 9% so với quý II/2025")
    ("Lợi nhuận sau thuế của công ty đạt 310 tỷ đồng, tăng 9% so với quý II/2025.",
     {"amount:net-profit": "3.1e+11 VND"}),
])
def test_a_companys_result_is_of_the_period_it_covers(text, slots):
    assert _slots(text) == slots


def _titled(title: str, text: str) -> dict[str, str]:
    article = build(text, title=title, item=RawItem("t", title, text, published=JULY))
    return {c.slot: c.value for c in measures.extract(article)}


def test_a_result_takes_the_period_of_the_results_in_the_sentence_before():
    """tester39's re-check: the period only in the sentence before, the one after the figure a comparison's."""
    text = ("Công ty vừa công bố báo cáo tài chính quý II/2026 với doanh thu thuần đạt 5.200 tỷ đồng. Lợi nhuận sau "
            "thuế đạt 310 tỷ đồng, tăng 9% so với quý II/2025.")
    assert _slots(text) == {"amount:net-revenue@q2-2026": "5.2e+12 VND", "amount:net-profit@q2-2026": "3.1e+11 VND"}


def test_a_results_words_after_the_sentences_opening_phrase_are_its_subject():
    """"Lũy kế 9 tháng, lợi nhuận sau thuế của Công ty Cổ phần Sữa Đồng Xanh đạt …": the measure is the reach verb's
    subject, nine words before the figure."""
    slots = _slots("Lũy kế 9 tháng, lợi nhuận sau thuế của Công ty Cổ phần Sữa Đồng Xanh đạt 520 tỷ đồng.")
    assert [(s.partition(":ORG:")[0], v) for s, v in slots.items()] == [("amount:net-profit@9m-2026", "5.2e+11 VND")]
    assert "dong xanh" in next(iter(slots))  # the company's key, however the linker keyed it before


def test_a_result_in_the_lead_takes_the_one_period_of_the_title():
    assert _titled("Ben Tre Seafood's second-quarter profit jumps", "Ben Tre Seafood said on Friday its net profit "
                   "reached 310 billion dong.") == {"amount:net-profit@q2-2026": "3.1e+11 VND"}


def test_no_period_is_guessed_where_the_sentence_before_has_two_or_the_figure_is_far_from_the_lead():
    two = ("Doanh thu thuần quý II/2026 đạt 5.200 tỷ đồng; doanh thu thuần 6 tháng đầu năm đạt 9.800 tỷ đồng. Lợi "
           "nhuận sau thuế đạt 310 tỷ đồng.")
    assert _slots(two)["amount:net-profit"] == "3.1e+11 VND"
    far = ("Ben Tre Seafood said on Friday that shrimp prices rose. Exports to Japan grew. Buyers in Europe waited. "
           "Net profit reached 310 billion dong.")
    assert _titled("Ben Tre Seafood's second-quarter profit jumps", far) == {"amount:net-profit": "3.1e+11 VND"}


def test_a_result_given_without_its_company_joins_the_one_company_named_for_it():
    """tester39's re-check: the 9-month profit "… của Sữa Đồng Xanh" and two outlets' without the name were two
    slots; a figure from an article that never names the company stays apart."""
    named = "Lũy kế 9 tháng, lợi nhuận sau thuế của Công ty Cổ phần Sữa Đồng Xanh đạt 520 tỷ đồng."
    unnamed = "Sữa Đồng Xanh cho biết xuất khẩu tăng mạnh. Lũy kế 9 tháng, lợi nhuận sau thuế đạt 520 tỷ đồng."
    elsewhere = "Lũy kế 9 tháng, một doanh nghiệp sữa khác đạt lợi nhuận sau thuế 380 tỷ đồng."
    findings = compare_story(_story(named, unnamed, elsewhere)).findings
    statuses = {f.slot.partition(":ORG:")[0] + (":ORG" if ":ORG:" in f.slot else ""): (f.status, len(f.positions))
                for f in findings if "net-profit" in f.slot}
    assert statuses == {"amount:net-profit@9m-2026:ORG": ("agreed", 1), "amount:net-profit@9m-2026": ("single", 1)}


def test_a_quarter_without_its_year_is_the_last_one_of_its_name():
    """"fourth-quarter" in January is the year before's."""
    assert _slots("The bank reported a fourth-quarter net profit of 2,300 billion dong.",
                  datetime(2026, 1, 20)) == {"amount:net-profit@q4-2025": "2.3e+12 VND"}


def test_a_conversion_takes_the_period_of_the_figure_it_converts():
    text = "Ben Tre Seafood reported a second-quarter net profit of 310 billion dong ($11.8 million)."
    claims = measures.extract(build(text, item=RawItem("t", "Tin", text, published=JULY)))
    assert [(c.slot, c.value) for c in claims] == [("amount:net-profit@q2-2026", "3.1e+11 VND"),
                                                   ("amount:net-profit@q2-2026", "1.18e+07 USD")]


QUARTER_VI = "Công ty Cổ phần Thủy sản Bến Tre cho biết quý II/2026 đạt lợi nhuận sau thuế 310 tỷ đồng."
QUARTER_EN = ("Ben Tre Seafood reported a second-quarter net profit of 310 billion dong ($11.8 million), helped by "
              "shrimp exports.")
QUARTER_OTHER = "Ben Tre Seafood said its net profit for the second quarter of 2026 reached 380 billion dong."


def test_a_quarters_net_profit_conflicts_across_languages():
    finding = _finding(_story(QUARTER_VI, QUARTER_EN, QUARTER_OTHER), "amount:net-profit@q2-2026")
    assert finding.status == "conflict"
    assert [(p.value, p.sources) for p in finding.positions] == [("3.1e+11 VND", 2), ("3.8e+11 VND", 1)]  # the
    # conversion in brackets is the same figure, no position of its own


def test_results_of_two_periods_do_not_conflict():
    half = "Lũy kế 6 tháng đầu năm, doanh nghiệp đạt lợi nhuận sau thuế 520 tỷ đồng."
    statuses = {f.slot: f.status for f in compare_story(_story(QUARTER_VI + " " + half, QUARTER_EN)).findings}
    assert statuses["amount:net-profit@q2-2026"] == "agreed"
    assert "conflict" not in statuses.values()


@pytest.mark.parametrize(("text", "slots"), [
    ("Bộ Thương mại Mỹ áp thuế chống bán phá giá sơ bộ 12,5% đối với ống thép của Công ty Cổ phần Thép Sông Hồng.",
     {"amount:preliminary-tariff": "12.5 %"}),
    ("The final countervailing duty on Song Hong Steel was set at 9.1%.", {"amount:final-tariff": "9.1 %"}),
    ("Theo Bộ Công Thương, các doanh nghiệp khác chịu mức thuế 15,2%.", {"amount:others-tariff": "15.2 %"}),
    ("Exporters face a tariff of 20% on their goods.", {"amount:tariff": "20 %"}),
])
def test_a_duty_is_read_with_its_stage_and_whom_it_is_for(text, slots):
    assert _slots(text) == slots


DUTY_VI = ("Bộ Thương mại Mỹ vừa công bố kết luận sơ bộ, theo đó Công ty Cổ phần Thép Sông Hồng bị áp mức thuế "
           "chống bán phá giá 12,5%. Các doanh nghiệp khác chịu mức thuế 15,2%.")
DUTY_EN = "Washington set a preliminary anti-dumping duty of 12.5% on steel pipes made by Song Hong Steel."
DUTY_OTHER = "The U.S. imposed a preliminary anti-dumping duty of 21.5% on pipes from Song Hong Steel."


def test_a_companys_preliminary_duty_conflicts_and_the_others_rate_is_no_value_of_it():
    articles = _story(DUTY_VI, DUTY_EN, DUTY_OTHER)
    finding = _finding(articles, "amount:preliminary-tariff")
    assert finding.status == "conflict"
    assert sorted(p.value for p in finding.positions) == ["12.5 %", "21.5 %"]
    assert _finding(articles, "amount:others-tariff").status == "single"


def test_a_preliminary_and_a_final_duty_do_not_conflict():
    final = "The final anti-dumping duty on Song Hong Steel was set at 9.1%."
    assert "conflict" not in {f.status for f in compare_story(_story(DUTY_EN, final)).findings}


@pytest.mark.parametrize(("text", "slots"), [
    ("Cả nước thu hút 21,5 tỷ USD vốn FDI trong 8 tháng.", {"amount:fdi": "2.15e+10 USD"}),
    ("Hai Phong has attracted $3 billion of foreign direct investment this year.",
     {"amount:fdi:LOC:hai phong": "3e+09 USD"}),
    ("Tỉnh đã thu hút hơn 4 tỷ USD vốn đầu tư nước ngoài.", {"amount:fdi": "4e+09 USD"}),
    ("Công ty sẽ đầu tư 1,2 tỷ USD xây nhà máy.", {"amount:investment": "1.2e+09 USD"}),
])
def test_a_countrys_fdi_is_not_a_projects_investment(text, slots):
    assert _slots(text) == slots


def test_a_countrys_and_a_provinces_fdi_are_two_figures_each_agreed_across_languages():
    """tester39's re-check (N4): Vietnam's $28.6 billion and Bắc Ninh's 5 billion were two values of one slot."""
    findings = compare_story(_story(
        "Vietnam attracted $28.6 billion in foreign direct investment in nine months. Bac Ninh province has drawn "
        "more than $5 billion in FDI so far this year.",
        "Việt Nam thu hút 28,6 tỷ USD vốn FDI trong 9 tháng. Bắc Ninh đã thu hút hơn 5 tỷ USD vốn FDI từ đầu năm.",
    )).findings
    statuses = {f.slot: f.status for f in findings if f.slot.startswith("amount:fdi")}
    assert statuses == {"amount:fdi:LOC:vietnam": "agreed", "amount:fdi:LOC:bac ninh": "agreed"}


def test_a_provinces_fdi_given_without_its_name_is_no_countrys():
    """"tỉnh đã thu hút" (the province) beside a country's total is the province's figure, not a value of it."""
    findings = compare_story(_story(
        "Vietnam attracted $28.6 billion in foreign direct investment in nine months.",
        "Việt Nam thu hút 28,6 tỷ USD vốn FDI trong 9 tháng.",
        "Hanseong mở nhà máy thứ ba tại Việt Nam. Tính chung 9 tháng, tỉnh đã thu hút hơn 5 tỷ USD vốn đầu tư nước "
        "ngoài.")).findings
    country = next(f for f in findings if f.slot == "amount:fdi:LOC:vietnam")
    assert (country.status, len(country.positions)) == ("agreed", 1)


def test_a_projects_investment_conflicts_beside_fdi_totals():
    """Each article also gives a total of FDI: the project's figure is still one per story."""
    articles = _story(
        "Taekwang Chemicals will build a $1.2 billion plant in Hai Phong. Vietnam attracted $21.5 billion of "
        "foreign direct investment in eight months.",
        "Taekwang Chemicals được cấp phép dự án nhà máy với tổng vốn đầu tư 1,5 tỷ USD. Hải Phòng đã thu hút hơn "
        "4 tỷ USD vốn đầu tư nước ngoài từ đầu năm.")
    assert _finding(articles, "amount:investment").status == "conflict"


@pytest.mark.parametrize("text", [
    "Masan will buy the chain in a $120 million all-cash deal.",
    "The two firms signed an agreement valuing the transaction at $120 million.",
    "Hai bên định giá thương vụ 120 triệu USD.",
])
def test_a_deals_value_is_read_in_both_languages(text):
    assert _slots(text) == {"amount:deal": "1.2e+08 USD"}


def test_a_deals_value_agrees_across_languages():
    articles = _story("Masan will buy the chain in a $120 million all-cash deal.",
                      "Hai bên định giá thương vụ 120 triệu USD.")
    assert _finding(articles, "amount:deal").status == "agreed"


def test_a_bound_corroborates_only_a_figure_near_it():
    """"hơn 4 tỷ USD" does not contradict $21.5 billion, nor confirm it; it confirms $4.3 billion."""
    far = _finding(_story("The country attracted $21.5 billion of foreign direct investment.",
                          "Tỉnh đã thu hút hơn 4 tỷ USD vốn đầu tư nước ngoài."), "amount:fdi")
    assert (far.status, len(far.positions)) == ("unclear", 2)
    near = _finding(_story("The province attracted $4.3 billion of foreign direct investment.",
                           "Tỉnh đã thu hút hơn 4 tỷ USD vốn đầu tư nước ngoài."), "amount:fdi")
    assert (near.status, len(near.positions)) == ("agreed", 1)
