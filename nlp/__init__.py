"""Extraction of companies, drugs, money and cooperations from pharma news text.

`extract(text)` is the single entry point; `detect_language` the one
language detector; the dataclasses of `nlp.model` are what every room speaks.
`extract` and `detect_language` load on first use, so a room that needs only
the dataclasses (storage) does not pay for importing spaCy and jieba.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlp.model import Amount, Cooperation, Entity, Extraction, Mention, Party

if TYPE_CHECKING:
    from nlp.extraction import extract
    from nlp.language import detect_language

__all__ = ["Amount", "Cooperation", "Entity", "Extraction", "Mention", "Party", "detect_language", "extract"]


def __getattr__(name: str):
    if name == "extract":
        from nlp.extraction import extract

        return extract
    if name == "detect_language":
        from nlp.language import detect_language

        return detect_language
    raise AttributeError(f"module 'nlp' has no attribute {name!r}")
