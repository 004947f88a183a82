"""Company candidates: the record every finder pass yields, longest-first resolution and overlap checks."""

from __future__ import annotations

import bisect
from dataclasses import dataclass


@dataclass
class Cand:
    """A candidate mention at [start, end) from one finder pass (the drug finder
    extends it with links)."""

    start: int
    end: int
    entity_id: str
    canonical: str
    known: bool
    name_zh: str | None
    company: bool = True  # False: a non-company that only blocks its place
    priority: int = 0  # gazetteer 2, name rule 1, cue 0


class Taken:
    """The char ranges of resolved (non-overlapping) mentions, for overlap
    checks in log time."""

    def __init__(self, chosen: list[Cand]) -> None:
        spans = sorted((c.start, c.end) for c in chosen)
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.ends, start)
        return i < len(self.starts) and self.starts[i] < end


class Occupied:
    """Char ranges taken so far by non-overlapping mentions, kept sorted so
    each overlap check and insert is a bisect instead of a scan of all taken
    ranges (that scan was quadratic on long texts)."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        # Sorted by (start, end), non-overlapping ranges also have sorted ends,
        # so the first range ending after `start` is the only one to test.
        i = bisect.bisect_right(self.ends, start)
        return i < len(self.spans) and self.spans[i][0] < end

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.spans, (start, end))
        self.spans.insert(i, (start, end))
        self.ends.insert(i, end)


def resolve(cands: list[Cand]) -> list[Cand]:
    """Longest first, then the more trusted source; overlapping losers dropped."""
    chosen: list[Cand] = []
    taken = Occupied()
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        if taken.overlaps(c.start, c.end):
            continue
        chosen.append(c)
        taken.add(c.start, c.end)
    return chosen
