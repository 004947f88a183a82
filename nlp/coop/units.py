"""Sentence units of a text for the cooperation rules: each sentence cut again
at newlines, so headlines and list lines stand alone, with offsets into the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\n]+")
_STOPS = frozenset(".。!?！？\"”’')")


@dataclass
class Unit:
    start: int
    end: int
    text: str


def split_units(text: str, sentences: list[tuple[int, int]]) -> list[Unit]:
    """Sentences cut again at newlines, stripped, with offsets into `text`."""
    if not sentences:
        sentences = [(0, len(text))]
    out = []
    for s, e in sentences:
        # Most sentences hold no newline: then the sentence is its one line.
        if text.find("\n", s, e) < 0:
            lines = [(s, text[s:e])] if s < e else []
        else:
            lines = [(m.start(), m.group(0)) for m in _LINE.finditer(text, s, e)]
        for at, line in lines:
            body = line.strip()
            if body:
                start = at + len(line) - len(line.lstrip())
                out.append(Unit(start, start + len(body), body))
    return out


def is_headline(text: str, unit: Unit) -> bool:
    """A line of its own with no closing stop: a headline or list item, which
    never points back to the deal before it."""
    alone = (unit.start == 0 or text[unit.start - 1] in "\n \t") and text[unit.end : unit.end + 1] in ("", "\n", " ")
    return alone and unit.text[-1] not in _STOPS
