"""The web pages' tests: a demo store with a hostile article (written by the team) in it."""

from __future__ import annotations

import pytest

from conftest import DEMO

# Markup in every field a page shows: none of it may reach a page as markup, nor run.
HOSTILE = {
    "title": "<script>window.__pwned=1;alert(1)</script> Sạt lở ở Lào Cai làm 3 người mất tích",
    "text": ("Sáng 2/11, một vụ sạt lở đất ở xã Bản Vược, tỉnh Lào Cai đã vùi lấp hai ngôi nhà. "
             "<img src=x onerror=\"window.__pwned=2;alert(2)\"> Lực lượng cứu hộ đang tìm kiếm 3 người mất tích. "
             "\"<script>window.__pwned=3;alert(3)</script> Chúng tôi làm việc suốt đêm\", ông Nguyễn Văn Hải, "
             "Chủ tịch UBND xã, nói. Thiệt hại ban đầu ước khoảng 2 tỷ đồng."),
    "source": "<b onmouseover=alert(4)>Tin Độc</b>",
    "url": "javascript:alert(5)",
    "published": "2025-11-02T08:00:00+07:00",
}


@pytest.fixture(scope="module")
def web_store(tmp_path_factory, embedder):
    """The demo corpus and the hostile article in one store: yields (Newsloom, the hostile story's id)."""
    import newsloom

    nl = newsloom.open(tmp_path_factory.mktemp("web") / "demo.db", embedder=embedder, readers=0)
    nl.add([str(DEMO)])
    nl.add(HOSTILE)
    hostile = next(r.id for r in nl.stories(limit=None) if "__pwned" in r.headline)
    yield nl, hostile
    nl.close()
