"""Per-source scores from the stories' compared claims: corroborated, single source, contradicted, and
contradicting the record of office holders. Only a source's own (independent) claims count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from newsloom.facts.compare import Comparison


@dataclass
class SourceScore:
    source: str
    claims: int = 0
    corroborated: int = 0  # another independent source gives the same value
    single: int = 0  # no other source speaks to it
    contradicted: int = 0  # another independent value, given by as many independent sources or more
    against_record: int = 0  # the record of office holders says otherwise

    def share(self, n: int) -> str:
        return f"{n / self.claims:.0%}" if self.claims else "—"


def source_scores(comparisons: Iterable[Comparison]) -> list[SourceScore]:
    scores: dict[str, SourceScore] = defaultdict(lambda: SourceScore(""))
    for c in comparisons:
        for f in c.findings:
            for p in f.positions:
                for ev in p.evidence:
                    if not ev.independent:
                        continue
                    s = scores[ev.source]
                    s.source = ev.source
                    s.claims += 1
                    s.corroborated += p.sources > 1
                    s.single += f.status in ("single", "record")
                    # a value more sources give is not the contradicted one (a fact-checker: the outlet on the
                    # majority side of every conflict scored 44% contradicted); one against one, both are, but
                    # for the one the office record bears out against one it does not (tester40)
                    s.contradicted += f.status == "conflict" and not (
                        p.fits_record and all(q.fits_record is False for q in f.positions if q is not p)) and any(
                        q is not p and q.sources >= p.sources for q in f.positions)
                    s.against_record += p.fits_record is False
    return sorted(scores.values(), key=lambda s: (-s.claims, s.source))
