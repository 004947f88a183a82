"""Extraction of companies, drugs, money and cooperations from pharma news text.

`extract(text)` is the single entry point; `detect_language` the one
language detector; the dataclasses of `nlp.model` are what every room speaks.
"""

from nlp.extract import extract
from nlp.language import detect_language
from nlp.model import Amount, Cooperation, Entity, Extraction, Mention, Party

__all__ = ["Amount", "Cooperation", "Entity", "Extraction", "Mention", "Party", "detect_language", "extract"]
