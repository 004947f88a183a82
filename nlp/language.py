"""The one language detector: which parts of a text are Chinese and which English.

A text is cut into paragraphs (one line each). A paragraph's language comes
from its script first (share of Chinese characters among letters); only a
paragraph whose script is genuinely mixed asks langdetect (seeded, so the
answer never changes between runs). A short line (menu item, headline,
caption) simply takes the language of its dominant script. Adjacent paragraphs
of one language are merged into one segment, so each pipeline sees running
text with its sentences intact.
"""

from __future__ import annotations

import re

from langdetect import DetectorFactory, LangDetectException, detect

DetectorFactory.seed = 0  # langdetect is random without a seed

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_RUN = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_LINE = re.compile(r"[^\n]+")
# Sentence pieces of a line, ending at Chinese or Latin sentence punctuation.
_PIECE = re.compile(r"[^\n]+?(?:[。！？!?]+|\.(?=\s)|$)")

# One Chinese character carries about as much text as this many Latin letters;
# used to weigh the two scripts against each other.
CJK_WEIGHT = 2.5
# Below this many weighted letters a line is "short": its script decides.
SHORT_LINE = 40
# Chinese share of letters at or above which a paragraph is Chinese, and at or
# below which it is not; in between, langdetect decides.
ZH_SHARE = 0.3
EN_SHARE = 0.05
# A document is mixed when its minority language holds at least this share of
# the weighted text.
MIXED_SHARE = 0.15


def _counts(text: str) -> tuple[int, int]:
    # Runs, not single characters: far fewer objects for the same count.
    cjk = sum(map(len, _CJK_RUN.findall(text))) if not text.isascii() else 0
    return cjk, sum(map(len, _LATIN_RUN.findall(text)))


def _paragraph_lang(line: str) -> str | None:
    """zh, en, or None for a line with no letters (numbers, rules, punctuation)."""
    cjk, latin = _counts(line)
    if cjk + latin == 0:
        return None
    weighted_cjk = cjk * CJK_WEIGHT
    if weighted_cjk + latin < SHORT_LINE:
        return "zh" if weighted_cjk >= latin else "en"
    share = cjk / (cjk + latin)
    if share >= ZH_SHARE:
        return "zh"
    if share <= EN_SHARE:
        return "en"
    try:
        code = detect(line)
    except LangDetectException:
        return "zh" if weighted_cjk >= latin else "en"
    return "zh" if code.startswith("zh") else "en"


def segments(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lang) runs of the text, lang "zh" or "en", in order.

    Each run starts and ends on a paragraph with letters; blank lines and
    lines with no letters are absorbed by the run around them. Empty or
    letter-free text gives [].
    """
    if not isinstance(text, str) or not text:
        return []
    runs: list[list] = []
    pending_start: int | None = None  # letter-free lines before the first run
    for start, end, lang in _pieces(text):
        if lang is None:
            if runs:
                runs[-1][1] = end
            elif pending_start is None:
                pending_start = start
            continue
        if runs and runs[-1][2] == lang:
            runs[-1][1] = end
        else:
            if not runs and pending_start is not None:
                start = pending_start
            runs.append([start, end, lang])
    return [(s, e, lang) for s, e, lang in runs]


def _pieces(text: str):
    """(start, end, lang or None) per paragraph; a paragraph that switches
    script between sentences (a Chinese report quoting an English release)
    is cut into its sentences, each judged alone."""
    for m in _LINE.finditer(text):
        line = m.group()
        cjk, latin = _counts(line)
        if cjk and latin and cjk * CJK_WEIGHT + latin >= 2 * SHORT_LINE:
            for p in _PIECE.finditer(line):
                yield m.start() + p.start(), m.start() + p.end(), _paragraph_lang(p.group())
        else:
            yield m.start(), m.end(), _paragraph_lang(line)


def detect_language(text: str) -> str:
    """ "zh", "en" or "mixed" (substantial running text in both).

    Text with no letters at all counts as "en".
    """
    return language_of_segments(text, segments(text))


def language_of_segments(text: str, runs: list[tuple[int, int, str]]) -> str:
    """`detect_language` of a text whose `segments` are already known."""
    zh = en = 0.0
    for start, end, lang in runs:
        cjk, latin = _counts(text[start:end])
        if lang == "zh":
            zh += cjk * CJK_WEIGHT
        else:
            en += latin
    total = zh + en
    if total == 0:
        return "en"
    if min(zh, en) / total >= MIXED_SHARE:
        return "mixed"
    return "zh" if zh > en else "en"
