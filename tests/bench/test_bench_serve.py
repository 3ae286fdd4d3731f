"""`newsloom bench --serve`: a server in a process of its own, readers and a writer, latency per endpoint."""

from __future__ import annotations

import io
import json

from rich.console import Console

from conftest import DEMO


def test_the_server_is_measured_under_load(tmp_path):
    from newsloom.bench.serve import ENDPOINTS, print_serve, run_serve_bench
    from newsloom.ingest import read_sources
    from newsloom.model import RawItem

    corpus = tmp_path / "demo.jsonl"
    corpus.write_text("".join(json.dumps({"title": i.title, "text": i.text, "source": i.source}, ensure_ascii=False)
                              + "\n" for i in read_sources([str(DEMO)]) if isinstance(i, RawItem)), encoding="utf-8")
    result = run_serve_bench(corpus, readers=2, limit=19, batch=5)
    assert (result.posted, result.added + result.duplicates) == (19, 19) and result.stories >= 5
    assert set(result.endpoints) == set(ENDPOINTS) - set(result.skipped)
    assert "page" not in result.skipped  # the story page exists
    for name, stats in result.endpoints.items():
        assert stats.seconds and stats.errors == 0, (name, stats.samples)
    out = io.StringIO()
    print_serve(result, Console(file=out, width=200))
    text = out.getvalue()
    assert "GET /api/search?q=" in text and "p99 ms" in text and "commit" in text and "cores" in text
