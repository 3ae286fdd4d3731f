"""Which claims are firm enough to conflict: sentences the team wrote, through the real stages."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from newsloom.entities.link import EntityLinker
from newsloom.facts.claims import amounts
from newsloom.facts.compare import compare_story
from newsloom.model import RawItem
from test_claims_meetings import build


def story(*texts: str, linker: EntityLinker | None = None, kind=amounts, published: datetime | None = None
          ) -> dict[str, str]:
    """Slot -> status of a story whose articles come from different outlets."""
    articles = []
    for i, text in enumerate(texts):
        item = RawItem(f"t{i}", f"Tin {i}", text, source=f"outlet{i}", published=published)
        a = build(text, title=f"Tin {i}", linker=linker, item=item)
        articles.append(replace(a, claims=kind.extract(a)))
    return {f.slot: f.status for f in compare_story(articles).findings}


def test_two_death_tolls_conflict():
    found = story("Vụ cháy khiến 7 người chết.", "Vụ cháy làm 9 người chết tại chỗ.")
    assert list(found.values()) == ["conflict"]


def test_a_figure_in_a_clause_about_what_could_happen_is_not_firm():
    # "one brain-dead donor can save 7 people": a what-if, not the event's toll
    found = story("Vụ cháy khiến 7 người chết.", "Theo bác sĩ, 1 người chết não có thể cứu sống 9 người.")
    assert "conflict" not in found.values(), found
    found = story("The fire killed 7 people.", "Officials said 9 people could have died without the alarm.")
    assert "conflict" not in found.values(), found


def test_a_hypothetical_elsewhere_in_the_sentence_does_not_hide_the_figure():
    found = story("Vụ cháy khiến 7 người chết.", "Vụ cháy làm 9 người chết, con số có thể còn tăng.")
    assert list(found.values()) == ["conflict"]


def test_the_figure_of_a_set_the_subject_belongs_to_is_not_its_own():
    found = story("Cây cầu có tổng mức đầu tư khoảng 4 tỷ đồng.",
                  "Đây là một trong gói thầu 3 cây cầu, có tổng vốn đầu tư 12 tỷ đồng.")
    assert "conflict" not in found.values(), found
    found = story("The bridge cost 4 billion dong to build, with an investment of 4 billion dong.",
                  "It is one of 3 bridges in a package with an investment of 12 billion dong.")
    assert "conflict" not in found.values(), found


def test_one_of_the_counted_people_is_still_the_whole_count():
    found = story("Vụ cháy khiến 7 người chết.", "Ông Nam là một trong 9 người chết trong vụ cháy.")
    assert list(found.values()) == ["conflict"]


def test_a_figure_in_a_sentence_about_an_earlier_day_is_background():
    day = datetime(2016, 6, 1, 9, 0)
    found = story("Vụ nổ khiến 6 binh sĩ thiệt mạng.", "Hôm 13/4/2011, cũng đã có 4 binh sĩ thiệt mạng khi diễn tập.",
                  published=day)
    assert "conflict" not in found.values(), found
    found = story("Vụ nổ khiến 6 binh sĩ thiệt mạng.", "Hôm 31/5/2016, vụ nổ làm 4 binh sĩ thiệt mạng.", published=day)
    assert list(found.values()) == ["conflict"]


def test_an_amount_forecast_is_not_firm():
    found = story("Diễn đàn thu hút tổng vốn đầu tư 16,8 tỷ USD.",
                  "Dự kiến các dự án mới có tổng vốn đầu tư khoảng 4,7 tỷ USD.")
    assert "conflict" not in found.values(), found
    found = story("The forum drew an investment of $16.8 billion.",
                  "New projects are expected to bring an investment of $4.7 billion.")
    assert "conflict" not in found.values(), found
    found = story("Diễn đàn thu hút tổng vốn đầu tư 16,8 tỷ USD.",
                  "Theo ban tổ chức, các dự án mới có tổng vốn đầu tư 4,7 tỷ USD.")
    assert list(found.values()) == ["conflict"]


def test_a_sentence_going_on_from_an_earlier_time_is_background_too():
    day = datetime(2016, 5, 28, 9, 0)
    earlier = "Ngày 6/8/1945, quả bom đầu tiên khiến 140.000 người thiệt mạng. Ba ngày sau, quả bom thứ hai làm 70.000 người chết."
    found = story("Lễ tưởng niệm hôm nay có 12 người chết vì nắng nóng.", earlier, published=day)
    assert "conflict" not in found.values(), found
    found = story("Lễ tưởng niệm hôm nay có 12 người chết vì nắng nóng.",
                  "Buổi lễ diễn ra hôm qua. Ba ngày sau, nắng nóng làm 70.000 người chết.", published=day)
    assert list(found.values()) == ["conflict"]
