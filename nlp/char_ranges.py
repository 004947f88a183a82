"""Fixed sets of character ranges asked "does anything overlap start..end?"
many times: the spans a later rule must not cut into (companies before drugs,
companies and drugs before institutions)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class FixedRanges:
    """Fixed char ranges, possibly overlapping, for "does anything overlap
    start..end" in log time: sorted by start with a running maximum of ends."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        spans = sorted(ranges)
        self.starts = [s for s, _ in spans]
        self.max_end: list[int] = []
        top = -1
        for _, e in spans:
            top = max(top, e)
            self.max_end.append(top)

    def overlaps(self, start: int, end: int) -> bool:
        # Ranges starting before `end` are a prefix; one of them overlaps
        # exactly when the furthest end among them passes `start`.
        k = bisect.bisect_left(self.starts, end)
        return k > 0 and self.max_end[k - 1] > start
