"""Duration claims: time left in an office holder's term, deadlines, and lengths, in both languages."""

from __future__ import annotations

from datetime import date

import pytest

from _articles import build, compare_demo, demo_articles, from_outlets, key, needs_seeds, seed_articles
from newsloom.facts.claims import durations
from newsloom.model import Claim

EVENT = date(2024, 11, 13)  # 68 days before 20 January 2025


def term_claims(text: str) -> list[Claim]:
    return [c for c in durations.extract(build(text)) if c.slot.startswith("duration:term-left:")]


def test_english_months_left_in_a_term():
    a = build("With only a few months left in President Joe Biden's term, Washington is rushing aid to Ukraine.")
    [claim] = durations.extract(a)
    assert claim.kind == "duration"
    assert claim.slot == f"duration:term-left:{key(a, 'Joe Biden')}"
    assert claim.subject == key(a, "Joe Biden")
    assert (claim.value, claim.text, claim.sentence) == ("60..180", "only a few months left", 0)
    assert claim.detail == "time left in Joe Biden's term"


def test_english_final_weeks_and_term_end_date():
    [weeks] = term_claims("Blinken promised more aid in the final weeks of President Joe Biden's term.")
    assert (weeks.value, weeks.text) == ("7..91", "the final weeks")
    [ends] = term_claims("President Joe Biden's term ends on January 20.")
    assert ends.value == "until --01-20"
    [dated] = term_claims("President Joe Biden's term ends on January 20, 2025.")
    assert dated.value == "until 2025-01-20"


@pytest.mark.parametrize("text", [
    "Khi chỉ còn chưa đầy một năm nữa là kết thúc nhiệm kỳ của Tổng thống Joe Biden, Mỹ đẩy nhanh viện trợ.",
    "khi chỉ còn chưa đầy một năm nữa là kết thúc nhiệm kỳ của tổng thống joe biden.",
    "khi chi con chua day mot nam nua la ket thuc nhiem ky cua tong thong joe biden, my day nhanh vien tro.",
])
def test_vietnamese_less_than_a_year(text):
    [claim] = term_claims(text)
    assert claim.value == "182..365"
    assert claim.slot == term_claims("With only a few months left in President Joe Biden's term.")[0].slot


def test_vietnamese_final_weeks_and_deadline():
    [weeks] = term_claims("Trong vài tuần cuối nhiệm kỳ của Tổng thống Joe Biden, Mỹ sẽ chuyển toàn bộ viện trợ.")
    assert weeks.value == "14..42"
    # a deadline for the outgoing holder's own action, in an article about his term ending
    [deadline] = term_claims("Nhiệm kỳ của Tổng thống Joe Biden sắp kết thúc. Tổng thống Joe Biden cam kết chuyển "
                             "toàn bộ viện trợ cho Ukraine trước ngày 20/1.")
    assert (deadline.value, deadline.text, deadline.sentence) == ("until --01-20", "trước ngày 20/1", 1)


def test_coming_months_while_a_successor_waits():
    a = build("Giữa lúc Tổng thống đắc cử Donald Trump chuẩn bị nhậm chức, Mỹ có chương trình nghị sự quan trọng "
              "trong vài tháng tới. Mỹ muốn hoàn tất viện trợ trước khi nhiệm kỳ của Tổng thống Joe Biden kết thúc.")
    [claim] = durations.extract(a)
    assert (claim.slot, claim.value) == (f"duration:term-left:{key(a, 'Joe Biden')}", "60..180")


@pytest.mark.parametrize("text", [
    "Joe Biden worked in the Senate for four years.",
    "Ông Blinken đã làm việc với Ukraine trong bốn năm qua.",
    "Blinken visited Brussels in the past two weeks.",
    "Nga muốn kết thúc chiến sự trong năm tới.",
])
def test_no_duration_claim(text):
    assert durations.extract(build(text)) == []


def test_length_of_a_war_in_both_languages():
    a = build("The war in Ukraine has lasted nearly three years. Cuộc xung đột ở Ukraine đã kéo dài gần 3 năm.")
    en, vi = durations.extract(a)
    assert en.slot == vi.slot == f"duration:war:{key(a, 'Ukraine')}"
    assert en.value == vi.value == "821..1095"


def _c(value: str) -> Claim:
    return Claim(kind="duration", slot="duration:term-left:PERSON:biden", value=value, text="", sentence=0)


def test_compatible_resolves_deadlines_against_the_event_date():
    year, months, weeks, jan20 = _c("182..365"), _c("60..180"), _c("7..91"), _c("until --01-20")
    for other in (months, weeks, jan20, _c("until 2025-01-20")):
        assert not durations.compatible(year, other, EVENT)
        assert not durations.compatible(other, year, EVENT)
    assert durations.compatible(months, weeks, EVENT)
    assert durations.compatible(months, jan20, EVENT)
    assert durations.compatible(weeks, jan20, EVENT)
    assert not durations.compatible(jan20, _c("until --03-20"), EVENT)
    # without an event date a deadline cannot be placed: unknown, not a conflict
    assert durations.compatible(year, jan20, None)
    assert durations.compatible(jan20, _c("until 2025-01-20"), None)
    assert not durations.compatible(jan20, _c("until --02-20"), None)


@needs_seeds
def test_seed_time_left_in_bidens_term_conflicts():
    seeds = seed_articles()
    biden = key(seeds["002"], "Joe Biden")
    claims = {name: [c for c in durations.extract(seeds[name]) if c.slot == f"duration:term-left:{biden}"]
              for name in ("000", "001", "002")}
    assert all(claims.values()), claims
    assert [c.value for c in claims["000"]] == ["182..365"]  # "chưa đầy một năm"
    others = claims["001"] + claims["002"]
    assert all(not durations.compatible(c, o, EVENT) for c in claims["000"] for o in others)
    assert all(durations.compatible(x, y, EVENT) for x in others for y in others)
    assert "until --01-20" in {c.value for c in claims["002"]}


# ----------------------------------------------------------------------------- building and repair works

REPAIR_DAY = date(2025, 10, 20)  # the day the province set the deadline: 90 days before 18 January 2026


def works(text: str) -> list[tuple[str, str]]:
    claims = [c for c in durations.extract(build(text)) if c.slot.startswith("duration:works")]
    assert all(c.slot == "duration:works" and c.detail == "time to complete the works" for c in claims)
    return [(c.value, c.text) for c in claims]


@pytest.mark.parametrize("text", [
    "The 30-metre approach road would be rebuilt with stone and concrete embankments within 90 days, "
    "by January 18, 2026.",
    "Công trình phải hoàn thành trong 90 ngày, tức là trước ngày 18/1/2026.",
    "công trình phải hoàn thành trong 90 ngày, tức là trước ngày 18/1/2026.",
    "cong trinh phai hoan thanh trong 90 ngay, tuc la truoc ngay 18/1/2026.",
])
def test_works_duration_and_deadline_in_both_languages(text):
    (days, days_text), (deadline, _) = works(text)
    assert (days, deadline) == ("76..103", "until 2026-01-18")
    assert days_text.lower() in {"90 days", "90 ngày", "90 ngay"}


@pytest.mark.parametrize("text, value", [
    ("Quảng Ngãi sửa cầu Bến Đá trong 90 ngày.", "76..103"),
    ("quang ngai sua cau ben da trong 90 ngay.", "76..103"),
    ("Đơn vị thi công cho biết việc sửa chữa dự kiến hoàn thành trong 9 tháng.", "230..310"),
    ("don vi thi cong cho biet viec sua chua du kien hoan thanh trong 9 thang.", "230..310"),
    ("Nhà thầu cho biết sẽ mất 9 tháng để xây lại cầu.", "230..310"),
    ("It will take nine months to rebuild the bridge, the contractor said.", "230..310"),
    ("Repairs to the bridge will take about nine months.", "202..338"),
])
def test_works_durations(text, value):
    assert [v for v, _ in works(text)] == [value]


@pytest.mark.parametrize("text", [
    "Một tuần sau khi nước lũ rút, công nhân bắt đầu xây lại đoạn đường dẫn.",  # "a week after": no length
    "Việc cấp giống phải xong trước ngày 15/11.",  # a deadline, but not for building works
    "The seed had to reach farmers by November 15.",
    "Officials expect to issue the project's investment certificate within a month.",
    "The company built three factories in the first nine months of 2025.",  # part of a year
    "Doanh nghiệp xây dựng 3 nhà máy trong 9 tháng đầu năm.",
    "The bridge was rebuilt over the past two years.",
])
def test_no_works_duration(text):
    assert works(text) == []


def test_works_deadline_fits_its_duration_but_not_a_longer_estimate():
    (ninety, _), (deadline, _) = works("Công trình phải hoàn thành trong 90 ngày, tức là trước ngày 18/1/2026.")
    [(nine_months, _)] = works("Việc sửa chữa dự kiến hoàn thành trong 9 tháng.")
    c = {v: Claim(kind="duration", slot="duration:works", value=v, text=v, sentence=0)
         for v in (ninety, deadline, nine_months)}
    assert durations.compatible(c[ninety], c[deadline], REPAIR_DAY)
    assert durations.compatible(c[deadline], c[ninety], REPAIR_DAY)
    assert not durations.compatible(c[ninety], c[nine_months], REPAIR_DAY)
    assert not durations.compatible(c[deadline], c[nine_months], REPAIR_DAY)


def test_demo_bridge_repair_time_conflicts():
    demo = demo_articles()
    s2 = ["quang-ngai-goi-ho-tro-sau-lu.md", "wire.jsonl:2", "sau-lu-sua-cau-ben-da.md"]
    claims = {r: [c.value for c in durations.extract(demo[r]) if c.slot == "duration:works"] for r in s2}
    assert claims == {"quang-ngai-goi-ho-tro-sau-lu.md": ["76..103", "76..103", "until 2026-01-18"],  # title, text
                      "wire.jsonl:2": ["76..103", "until 2026-01-18"],
                      "sau-lu-sua-cau-ben-da.md": ["230..310"]}
    finding = compare_demo(s2)["duration:works"]
    assert finding.status == "conflict"
    assert [(p.value, p.sources) for p in finding.positions] == [("76..103", 2), ("230..310", 1)]
    assert {e.text for e in finding.positions[0].evidence} == {"90 ngày", "trước ngày 18/1/2026", "90 days",
                                                               "by January 18, 2026"}
    assert not [f for f in compare_demo(s2).values() if f.kind == "duration" and f.slot != "duration:works"]


@pytest.mark.parametrize(("text", "claims"), [
    ("Đặng Minh Hào bị tuyên phạt 10 năm tù về tội nhận hối lộ.", [("duration:prison:PERSON:dang minh hao", "3650..3650")]),
    ("Dang Minh Hao was sentenced to 12 years in prison for taking bribes.",
     [("duration:prison:PERSON:dang minh hao", "4380..4380")]),
    # an appeal: the new sentence, not the earlier one
    ("Tòa phúc thẩm giảm án cho Đặng Minh Hào từ 10 năm xuống 8 năm tù.",
     [("duration:prison:PERSON:dang minh hao", "2920..2920")]),
    ("The appeals court reduced Dang Minh Hao's sentence from 10 years to nine years.",
     [("duration:prison:PERSON:dang minh hao", "3285..3285")]),
    # twelve months are a year
    ("Hội đồng xét xử tuyên phạt Khà A Giàng 12 tháng tù về tội tàng trữ vật liệu nổ.",
     [("duration:prison:PERSON:kha a giang", "365..365")]),
    # asked for, possible, a range, or no sentence at all
    ("Viện kiểm sát đề nghị HĐXX xử phạt Trần Cảnh Lạc mức án 10-12 năm tù; Nguyễn Xuân Danh 8-10 năm tù.", []),
    ("Dang Minh Hao faces up to 20 years in prison if convicted.", []),
    ("Prosecutors had asked for eight to 10 years in prison for Dang Minh Hao.", []),
    ("Ông Đặng Minh Hào làm Phó Chủ tịch UBND tỉnh trong 5 năm.", []),
    # a review: asked for though a verdict word follows, possible, served; years and months; two defendants;
    # a judge before an active verdict is not sentenced
    ("Viện kiểm sát đề nghị HĐXX tuyên phạt Đặng Minh Hào 12 năm tù.", []),
    ("Prosecutors recommended that Dang Minh Hao be sentenced to 12 years in prison.", []),
    ("Dang Minh Hao could be sentenced to 12 years in prison.", []),
    ("Dang Minh Hao spent 5 years in prison.", []),
    ("Tòa án tuyên phạt Đặng Minh Hào 7 năm 6 tháng tù.", [("duration:prison:PERSON:dang minh hao", "2737..2737")]),
    ("Dang Minh Hao was sentenced to seven years and six months in prison.",
     [("duration:prison:PERSON:dang minh hao", "2737..2737")]),
    ("Tòa án tuyên phạt 10 năm tù đối với Đặng Minh Hào và 8 năm tù đối với Nguyễn Văn An.",
     [("duration:prison:PERSON:dang minh hao", "3650..3650"), ("duration:prison:PERSON:nguyen van an", "2920..2920")]),
    ("Chủ tọa Trần Văn Bình tuyên phạt bị cáo 12 năm tù.", []),
    ("Kẻ sát hại anh Nguyễn Văn An bị tuyên phạt 20 năm tù.", []),  # the victim is not sentenced
    ("The killer of Nguyen Van An was sentenced to 20 years in prison.", []),
    # tester36: the person before an apposition; a wife named in her husband's; life; a change from … to …
    ("Bị cáo Đỗ Minh Tâm, nguyên Giám đốc trung tâm, bị tuyên phạt 8 năm tù về tội nhận hối lộ.",
     [("duration:prison:PERSON:do minh tam", "2920..2920")]),
    ("Among the 24 defendants was Tran Van Khai, a former deputy minister of construction, who was sentenced to 12 "
     "years in prison.", [("duration:prison:PERSON:tran van khai", "4380..4380")]),
    ("Bị cáo Phạm Quốc Bảo, chồng bà Loan, Phó Chủ tịch tập đoàn, nhận 9 năm tù.",
     [("duration:prison:PERSON:pham quoc bao", "3285..3285")]),
    ("Hồ Tấn Phát bị tuyên phạt tù chung thân về tội lừa đảo chiếm đoạt tài sản.",
     [("duration:prison:PERSON:ho tan phat", "life")]),
    ("The People's Court of Da Nang sentenced Ho Tan Phat, founder of the DragonCoin platform, to life in prison.",
     [("duration:prison:PERSON:ho tan phat", "life")]),
    ("TAND TP Đà Nẵng tuyên phạt Hồ Tấn Phát (39 tuổi, quê Quảng Nam) mức án tử hình.",
     [("duration:prison:PERSON:ho tan phat", "death")]),
    ("Viện kiểm sát đề nghị mức án tù chung thân đối với bị cáo Hồ Tấn Phát.", []),
    ("The High People's Court reduced the prison sentence of Tran Van Khai from 12 to 10 years.",
     [("duration:prison:PERSON:tran van khai", "3650..3650")]),
    ("Bị cáo Trần Văn Khải được giảm từ 12 năm tù xuống còn 10 năm tù.",
     [("duration:prison:PERSON:tran van khai", "3650..3650")]),
    # review36: a death or a life that is no sentence, a time after a verdict that is none, an opener, a list
    ("Nguyen Van An was sentenced to 15 years in prison for beating his neighbour to death.",
     [("duration:prison:PERSON:nguyen van an", "5475..5475")]),
    ("Nguyen Van An was sentenced to life in prison for stabbing his wife to death in 2023.",
     [("duration:prison:PERSON:nguyen van an", "life")]),
    ("Nguyen Van An was jailed and barred for life from managing companies.", []),
    ("Bị cáo Nguyễn Văn An bị tuyên phạt tù chung thân, thoát án tử hình.",
     [("duration:prison:PERSON:nguyen van an", "life")]),
    ("Tòa phúc thẩm giảm án cho bị cáo Nguyễn Văn An từ tử hình xuống tù chung thân.",
     [("duration:prison:PERSON:nguyen van an", "life")]),
    ("Nguyen Van An was sentenced on Friday, two years after his arrest in Hanoi.", []),
    ("Nguyen Van An was sentenced on Friday, ending a trial that lasted three months.", []),
    ("Bị cáo Nguyễn Văn An bị tuyên án hôm qua, gần 2 năm sau khi bị khởi tố.", []),
    ("Theo luật sư Trần Văn Bình, bị cáo Nguyễn Văn An bị tuyên phạt 5 năm tù.",
     [("duration:prison:PERSON:nguyen van an", "1825..1825")]),
    ("Các bị cáo Nguyễn Văn An, Trần Văn Bình và Lê Văn Cường bị tuyên phạt 5 năm tù.",
     [("duration:prison:PERSON:nguyen van an", "1825..1825"), ("duration:prison:PERSON:tran van binh", "1825..1825"),
      ("duration:prison:PERSON:le van cuong", "1825..1825")]),
    # tester36's re-check: each of those named in one list
    ("Nguyen Van An and Tran Van Binh were each sentenced to six years in prison.",
     [("duration:prison:PERSON:nguyen van an", "2190..2190"), ("duration:prison:PERSON:tran van binh", "2190..2190")]),
    ("Tòa tuyên phạt Trần Văn An 10 năm tù, Nguyễn Văn Bình 8 năm tù.",
     [("duration:prison:PERSON:tran van an", "3650..3650"), ("duration:prison:PERSON:nguyen van binh", "2920..2920")]),
    ("Bị cáo Nguyễn Văn An bị tuyên phạt 12 năm tù, bị cáo Lê Văn Bình được hưởng án treo.",
     [("duration:prison:PERSON:nguyen van an", "4380..4380")]),
    ("Nguyen Van An was sentenced to 10 years in prison and his business licence was suspended.",
     [("duration:prison:PERSON:nguyen van an", "3650..3650")]),
    ("Tòa tuyên phạt 10 năm tù đối với bị cáo Đặng Minh Hào, 8 năm tù đối với bị cáo Lê Văn Bình.",
     [("duration:prison:PERSON:dang minh hao", "3650..3650"), ("duration:prison:PERSON:le van binh", "2920..2920")]),
    # tester36's re-check: a death sentence commuted (the later one stands), a term "given" in a court article
    ("Bị cáo Trần Văn Khải bị tuyên tử hình, nay được ân giảm xuống tù chung thân.",
     [("duration:prison:PERSON:tran van khai", "life")]),
    ("Tran Van Khai was sentenced to death in 2020, but his sentence was commuted to life in prison last year.",
     [("duration:prison:PERSON:tran van khai", "life")]),
    ("Tran Van Khai's death sentence was commuted to life in prison.", [("duration:prison:PERSON:tran van khai", "life")]),
    ("Năm nay, án tử hình của Trần Văn Khải được ân giảm xuống tù chung thân.",
     [("duration:prison:PERSON:tran van khai", "life")]),
    ("Nguyễn Văn An bị bắt năm 2020, sau đó bị tuyên phạt 5 năm tù.", [("duration:prison:PERSON:nguyen van an", "1825..1825")]),
    ("Nguyen Thi Hong Loan was sentenced to 20 years in prison. Her husband and vice chairman, Pham Quoc Bao, was given "
     "nine years.", [("duration:prison:PERSON:nguyen thi hong loan", "7300..7300"),
                     ("duration:prison:PERSON:pham quoc bao", "3285..3285")]),
    ("Pham Quoc Bao was given two years to repay the money. Nguyen Thi Hong Loan was sentenced to 20 years in prison.",
     [("duration:prison:PERSON:nguyen thi hong loan", "7300..7300")]),
    ("Pham Quoc Bao, the vice chairman, was given nine years to rebuild the firm.", []),
    # review37: past an earlier clause, another person's verdict is not the one named first
    ("Nguyen Van An was arrested with his wife, who was sentenced to three years in prison.", []),
    ("Nguyễn Văn An bị bắt cùng vợ, vợ bị tuyên phạt 3 năm tù.", []),
    # ... and a change word that is no change of the sentence leaves the first term
    ("Nguyễn Văn An bị tuyên phạt 7 năm tù về tội vi phạm quy định gây giảm thu ngân sách và 3 năm tù về tội trốn "
     "thuế.", [("duration:prison:PERSON:nguyen van an", "2555..2555"), ("duration:prison:PERSON:nguyen van an",
                                                                       "1095..1095")]),
])
def test_prison_sentences_given(text, claims):
    """A tester's court case: "10 năm tù" against "12 years in prison", and an appeal's "8 năm" against "nine
    years", were never compared."""
    a = build(text)
    assert [(c.slot, c.value) for c in durations.extract(a) if c.slot.startswith("duration:prison")] == claims


@pytest.mark.parametrize("text", [
    "Bị cáo Nguyễn Văn An bị phạt 3 năm tù nhưng cho hưởng án treo.",
    "Tòa tuyên phạt bị cáo Lê Văn Bình 5 năm tù, bị cáo Nguyễn Văn An 3 năm tù treo.",
])
def test_a_suspended_sentence_is_no_prison_term(text):
    """tester36: "3 năm tù nhưng cho hưởng án treo" was a prison term, so it agreed with three years in prison."""
    assert [(c.slot, c.value) for c in durations.extract(build(text)) if "nguyen van an" in c.slot] == [
        ("duration:suspended:PERSON:nguyen van an", "1095..1095")]


@pytest.mark.parametrize(("vi", "en", "status"), [
    ("Sáng nay, Tòa án tuyên phạt Đặng Minh Hào 10 năm tù về tội nhận hối lộ.",
     "Dang Minh Hao was sentenced to 12 years in prison for taking bribes, the court said.", "conflict"),
    ("Sáng nay, Tòa án tuyên phạt Đặng Minh Hào 10 năm tù về tội nhận hối lộ.",
     "Dang Minh Hao was sentenced to 10 years in prison on Friday.", "agreed"),
    ("Tòa phúc thẩm giảm án cho Đặng Minh Hào từ 10 năm xuống 8 năm tù.",
     "The appeals court reduced Dang Minh Hao's sentence from 10 years to nine years.", "conflict"),
    ("Sáng nay, Tòa án tuyên phạt Đặng Minh Hào tù chung thân về tội tham ô.",
     "Dang Minh Hao was sentenced to 20 years in prison on Friday.", "conflict"),
    ("Sáng nay, Tòa án tuyên phạt Đặng Minh Hào tù chung thân về tội tham ô.",
     "A court sentenced Dang Minh Hao to life in prison on Friday.", "agreed"),
])
def test_prison_sentences_are_compared_across_languages(vi, en, status):
    from datetime import datetime

    from newsloom.facts.compare import compare_story

    articles = from_outlets((vi, en), [datetime(2024, 11, 22, 9 + i) for i in range(2)])
    assert [(f.slot, f.status) for f in compare_story(articles).findings if f.kind == "duration"] == [
        ("duration:prison:PERSON:dang minh hao", status)]


@pytest.mark.parametrize(("text", "value"), [
    ("The first urban rail line in Can Tho will carry passengers from March 15, the city's transport department said.",
     "until --03-15"),
    ("Tuyến đường sắt đô thị đầu tiên của TP Cần Thơ sẽ chính thức đón khách từ ngày 22/3.", "until --03-22"),
    ("The bridge will open to traffic on January 18, 2026.", "until 2026-01-18"),
    ("Cầu Bến Đá sẽ thông xe vào ngày 18/1/2026.", "until 2026-01-18"),
    ("The store opened in 2019 and sells rice.", None),
    # tester34: "hành khách" for "khách"; seven words between the verb and its day are too many (review34: "will
    # open ticket offices at all stations on December 1" is no line's opening)
    ("Hanoi will open the underground section of metro Line 3 on December 20, the city said.", None),
    ("Đoạn ngầm sẽ chính thức đón hành khách từ ngày 20/12/2026.", "until 2026-12-20"),
])
def test_the_day_a_line_or_bridge_opens(text, value):
    """An operations tester: a metro line opening on 15 March in one outlet and 22 March in another was never
    compared (no claim read when a thing opens)."""
    assert [c.value for c in durations.extract(build(text)) if c.slot == "duration:opening"] == ([value] if value else [])


@pytest.mark.parametrize(("text", "value"), [
    ("The ban on single-use plastic bags will take effect from July 1, 2026, the ministry said.", "until 2026-07-01"),
    ("Lệnh cấm túi ni lông dùng một lần sẽ có hiệu lực từ tháng 1/2027.", "until 2027-01"),
    ("The new rules come into force in January 2027.", "until 2027-01"),
    ("Quy định chính thức áp dụng cho các doanh nghiệp kể từ ngày 1/7/2026.", "until 2026-07-01"),
    ("Nghị định có hiệu lực thi hành từ 1/7.", "until --07-01"),
    ("Công ty áp dụng công nghệ mới từ năm 2020.", None),  # a year alone is no day
    ("The law took effect years ago and its effect on prices in January 2027 is unclear.", None),
])
def test_the_day_a_rule_takes_effect(text, value):
    """A new user (tester33): a ban starting "from July 1, 2026" in one outlet and "January 2027" in another was
    no conflict (no claim read when a rule takes effect); a month is a value to the month."""
    found = [c.value for c in durations.extract(build(text)) if c.slot == "duration:effective"]
    assert found == ([value] if value else [])


@pytest.mark.parametrize(("other", "status"), [
    ("Lệnh cấm túi ni lông dùng một lần tại siêu thị sẽ có hiệu lực từ tháng 1/2027, Bộ cho biết.", "conflict"),
    ("Lệnh cấm túi ni lông dùng một lần tại siêu thị sẽ có hiệu lực từ tháng 7/2026, Bộ cho biết.", "agreed"),
    ("The plastic bag ban comes into force on July 1, officials said.", "agreed"),
    ("The plastic bag ban comes into force on July 15, 2026, officials said.", "conflict"),
])
def test_the_days_a_rule_takes_effect_compared(other, status):
    """A day and a month agree when the day is in the month, a day without its year when the rest agrees."""
    from datetime import datetime

    from newsloom.facts.compare import compare_story

    first = "The ban on single-use plastic bags at supermarkets will take effect from July 1, 2026, the ministry said."
    articles = from_outlets((first, other), [datetime(2025, 11, 22, 9 + i) for i in range(2)])
    assert [(f.slot, f.status) for f in compare_story(articles).findings if f.kind == "duration"] == [
        ("duration:effective", status)]


@pytest.mark.parametrize(("text", "value"), [
    ("Thành phố sẽ triển khai chiến dịch tiêm vắc xin sởi cho trẻ từ 1 đến 5 tuổi, bắt đầu từ ngày 2/11/2026.",
     "until 2026-11-02"),
    ("Chiến dịch bắt đầu từ ngày 9/11/2026 và dự kiến hoàn thành trước ngày 30/11.", "until 2026-11-09"),
    ("Ho Chi Minh City will begin a catch-up measles-rubella vaccination campaign for children aged one to five on "
     "November 2, the city's Department of Health announced.", "until --11-02"),
    ("The city will vaccinate children in a month-long campaign starting on November 2, officials said.",
     "until --11-02"),
    ("Mưa lớn bắt đầu từ ngày 3/11 tại miền Trung.", None),  # no campaign
    ("The trial will begin on November 2, the court said.", None),
    # review37: a past tense; a day moved; a clause past ";"
    ("The measles vaccination campaign began on November 2.", "until --11-02"),
    ("The campaign, originally due to start on November 2, was postponed to November 9.", None),
    ("Chiến dịch tiêm vắc xin sởi kết thúc ngày 30/11; năm học mới bắt đầu từ ngày 5/9.", None),
    ("Smith began his part-time duties as Gore's campaign treasurer on Jan. 1.", None),  # DUC 2007: an election's
])
def test_the_day_a_campaign_starts(text, value):
    """tester37: a vaccination campaign starting "từ ngày 2/11" in one outlet and "từ ngày 9/11" in another was
    never compared (both dates were in the timeline only)."""
    found = [c.value for c in durations.extract(build(text)) if c.slot == "duration:campaign-start"]
    assert found == ([value] if value else [])


@pytest.mark.parametrize("text", [
    "Công an đã áp dụng biện pháp tạm giữ từ ngày 5/3/2026 đối với nghi phạm.",  # a custody order, no rule
    "The new emission rules will apply to cars built from January 2027, the ministry said.",
    "Nhà máy sẽ vận hành thử nghiệm dây chuyền mới từ ngày 5/3/2026.",  # a trial run, no opening
    "Vietnam will open the market to foreign investors in the banking sector on January 1, 2027.",
])
def test_no_rule_takes_effect_and_nothing_opens(text):
    """A review (review34): "áp dụng"/"apply" alone, a trial run and eight words of gap made such days a rule's
    start or an opening, set against the story's own."""
    assert [c.slot for c in durations.extract(build(text))] == []


def test_a_corrections_wrong_figure_is_no_claim():
    """tester36: "Bản tin trước đó ghi nhầm mức án … là 14 năm tù" kept 14 years as a value of the corrected
    article, beside the right 12."""
    from newsloom.facts.claims import extract_claims

    a = build("Tòa tuyên phạt bị cáo Trần Văn Khải 12 năm tù. Đính chính: Bản tin trước đó ghi nhầm mức án của bị "
              "cáo Trần Văn Khải là 14 năm tù. Mức án đúng là 12 năm tù.")
    assert {c.value for c in extract_claims(a) if c.slot == "duration:prison:PERSON:tran van khai"} == {"4380..4380"}
    assert "5110..5110" in {c.value for c in durations.extract(a)}  # read, then left out as retracted


@pytest.mark.parametrize("text", [
    "Bản tin trước đó ghi nhầm mức án của bị cáo Trần Văn Khải là 14 năm tù, mức án đúng là 12 năm tù.",
    "An earlier version of this article incorrectly reported that Tran Van Khai was sentenced to 14 years in prison; "
    "in fact, Tran Van Khai was sentenced to 12 years in prison.",
])
def test_a_correction_in_one_sentence_keeps_the_right_figure(text):
    """tester36's re-check: a correction giving the wrong and the right figure in one sentence lost both."""
    from newsloom.facts.claims import extract_claims

    a = build(text)
    assert {c.value for c in durations.extract(a)} == {"5110..5110", "4380..4380"}  # both read
    assert [c.value for c in extract_claims(a) if c.slot == "duration:prison:PERSON:tran van khai"] == ["4380..4380"]


@pytest.mark.parametrize("text", [
    "An earlier version of this article incorrectly reported that Tran Van Khai, who in fact pleaded guilty, was "
    "sentenced to 14 years in prison.",
    "Bản tin trước đó ghi nhầm rằng bị cáo Trần Văn Khải, người thực tế là chủ mưu, bị tuyên phạt 14 năm tù.",
])
def test_a_corrections_words_before_the_wrong_figure_keep_nothing(text):
    """review37: "in fact" or "thực tế là" in a clause before the wrong figure had kept it."""
    from newsloom.facts.claims import extract_claims

    assert [c for c in extract_claims(build(text)) if c.kind == "duration"] == []


@pytest.mark.parametrize(("text", "found"), [
    ("Trung vệ Vũ Minh Trí sẽ phải nghỉ thi đấu sáu tuần sau khi bị rách dây chằng.",
     [("duration:layoff:PERSON:vu minh tri", "36..48")]),
    ("Centre-back Vu Minh Tri will be out for six weeks with a torn ligament, the club said.",
     [("duration:layoff:PERSON:vu minh tri", "36..48")]),
    ("Hoang Long Hai Phong will be without centre-back Vu Minh Tri for two months after he tore ankle ligaments.",
     [("duration:layoff:PERSON:vu minh tri", "51..69")]),
    ("Cậu ấy sẽ phải nghỉ sáu tuần.", []),  # no one named: no claim
    ("Nguyen Van An stayed in Japan for two weeks.", []),  # no layoff
])
def test_how_long_a_player_is_out(text, found):
    """tester38: "six weeks" in two outlets against "two months" in a third was never compared."""
    assert [(c.slot, c.value) for c in durations.extract(build(text)) if c.slot.startswith("duration:layoff")] == found


def test_a_correction_in_an_aside_retracts_the_asides_figure_only():
    """tester39: "tổng vốn đầu tư 2,1 tỷ USD (bản tin trước ghi nhầm là 1,8 tỷ USD)", a corrected article, lost its
    right figure with the wrong one."""
    from newsloom.facts.claims import extract_claims

    a = build("Dự án nhà máy có tổng vốn đầu tư 2,1 tỷ USD (bản tin trước ghi nhầm là 1,8 tỷ USD), theo Sở Tài "
              "chính tỉnh Bắc Ninh.")
    values = {c.value for c in extract_claims(a) if c.kind == "amount"}
    assert "2.1e+09 USD" in values and "1.8e+09 USD" not in values


@pytest.mark.parametrize(("text", "found"), [
    ("Cùng ngày, HĐQT bổ nhiệm bà Trần Thị Lan Anh, Phó tổng giám đốc thường trực, giữ chức Tổng giám đốc "
     "Ngân hàng TMCP Bình Minh kể từ ngày 15/10/2026.", [("PERSON:tran thi lan anh", "until 2026-10-15")]),
    ("Ngân hàng vừa bổ nhiệm bà Trần Thị Lan Anh giữ chức Tổng giám đốc kể từ ngày 1/11/2026, thay ông Nguyễn Văn "
     "Hùng.", [("PERSON:tran thi lan anh", "until 2026-11-01")]),
    ("The bank said chief executive Nguyen Van Hung had resigned and that Tran Thi Lan Anh would replace him "
     "effective October 15, 2026.", [("PERSON:tran thi lan anh", "until 2026-10-15")]),
    ("Ông Nguyễn Văn Hùng giữ chức vụ này từ tháng 4/2021.", [("PERSON:nguyen van hung", "until 2021-04")]),
    # a swearing-in (tester40: 6 October in English and French, 7/10 in Vietnamese), with its weekday
    ("Park Min-jun was sworn in as Foreign Minister on Tuesday, October 6, a day after the reshuffle.",
     [("PERSON:park min-jun", "until --10-06")]),
    ("Ông Park Min-jun sẽ tuyên thệ nhậm chức vào ngày 7/10.", [("PERSON:park min-jun", "until --10-07")]),
    # no office: a bridge's girders replaced from a day, a minister who says so
    ("Bộ trưởng Nguyễn Văn Thắng cho biết đơn vị thi công sẽ thay dầm cầu từ ngày 15/3/2026.", []),
])
def test_the_day_someone_takes_office(text, found):
    """tester39: an appointment's effective day, 15/10 in three outlets and 1/11 in one, was never compared."""
    assert [(c.slot.removeprefix("duration:office-start:"), c.value) for c in durations.extract(build(text))
            if c.slot.startswith("duration:office-start:")] == found


def test_two_days_someone_takes_office_conflict():
    from datetime import datetime

    from _articles import from_outlets
    from newsloom.facts.compare import compare_story

    told = ("Ngân hàng TMCP Bình Minh bổ nhiệm bà Trần Thị Lan Anh giữ chức Tổng giám đốc kể từ ngày {}, thay ông "
            "Nguyễn Văn Hùng xin từ nhiệm vì lý do cá nhân.")
    articles = from_outlets((told.format("15/10/2026"), "Binh Minh bank said Tran Thi Lan Anh, its deputy chief "
                             "executive, would replace him effective November 1, 2026, after Nguyen Van Hung resigned."),
                            [datetime(2026, 10, 13, 9), datetime(2026, 10, 14, 9)])
    found = [f for f in compare_story(articles).findings if f.slot == "duration:office-start:PERSON:tran thi lan anh"]
    assert [f.status for f in found] == ["conflict"]


@pytest.mark.parametrize(("text", "found"), [
    ("The opposition won 48 of the 76 seats in Sunday's snap parliamentary election, held on November 1.",
     [("duration:held:election", "until 2026-11-01")]),
    ("Đảng đối lập giành 48 trên tổng số 76 ghế trong cuộc bầu cử Quốc hội (Đại Khural) sớm diễn ra ngày 31/10.",
     [("duration:held:election", "until 2026-10-31")]),
    ("The summit will take place on Friday, November 20 in Seoul.", [("duration:held:summit", "until 2026-11-20")]),
    # another election than the story's
    ("The last election was held on June 28, 2024.", []),
    ("Kỳ bầu cử tới sẽ diễn ra vào ngày 15/5/2027.", []),
])
def test_the_day_an_election_or_a_summit_is_held(text, found):
    """tester40: 1 November in English and French, 31/10 in Vietnamese, was never compared."""
    from datetime import datetime

    from newsloom.model import RawItem

    article = build(text, item=RawItem("t", "Tin", text, published=datetime(2026, 11, 2, 9)))
    assert [(c.slot, c.value) for c in durations.extract(article) if c.slot.startswith("duration:held:")] == found


def test_two_days_of_one_election_conflict_and_one_day_with_and_without_its_year_agrees():
    from datetime import datetime

    from _articles import from_outlets
    from newsloom.facts.compare import compare_story

    texts = ("The snap parliamentary election, held on November 1, 2026, gave the opposition a majority.",
             "Cuộc bầu cử Quốc hội sớm diễn ra ngày 1/11 đã mang lại đa số cho phe đối lập.",
             "Cuộc bầu cử Quốc hội sớm diễn ra ngày 31/10 đã mang lại đa số cho phe đối lập.")
    articles = from_outlets(texts, [datetime(2026, 11, 2, 9 + i) for i in range(3)])
    agreed = [f for f in compare_story(articles[:2]).findings if f.slot == "duration:held:election"]
    assert [f.status for f in agreed] == ["agreed"]
    found = [f for f in compare_story(articles).findings if f.slot == "duration:held:election"]
    assert [f.status for f in found] == ["conflict"]
