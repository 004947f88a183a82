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
import string

from langdetect import DetectorFactory, LangDetectException, detect

DetectorFactory.seed = 0  # langdetect is random without a seed

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Latin letters: ASCII ones plus the accented range below.
_ASCII_LETTERS = string.ascii_letters.encode("ascii")
_LATIN_EXTRA_RUN = re.compile(r"[\u00c0-\u024f]+")
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
    """(Chinese characters, Latin letters) in the text."""
    # ASCII letters are counted by deleting them from the bytes (one C call,
    # no objects); the rest by regex runs, far fewer objects than characters.
    ascii_part = text.encode("ascii", "ignore")
    latin = len(ascii_part) - len(ascii_part.translate(None, _ASCII_LETTERS))
    if len(ascii_part) == len(text):
        return 0, latin
    cjk = sum(map(len, _CJK_RUN.findall(text)))
    return cjk, latin + sum(map(len, _LATIN_EXTRA_RUN.findall(text)))


def _paragraph_lang(line: str) -> str | None:
    """zh, en, or None for a line with no letters (numbers, rules, punctuation)."""
    return _lang_of(line, *_counts(line))


def _lang_of(line: str, cjk: int, latin: int) -> str | None:
    """`_paragraph_lang` of a line whose script counts are already known."""
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
    return segments_and_language(text)[0]


def segments_and_language(text: str) -> tuple[list[tuple[int, int, str]], str]:
    """`segments(text)` and `detect_language(text)`, counting each letter once.

    A run's script counts are the sums of its paragraphs' (the rest of a run is
    newlines and letter-free lines, which count nothing), so the document's
    language comes from the counts already taken to segment it.
    """
    if not isinstance(text, str) or not text:
        return [], "en"
    runs: list[list] = []  # [start, end, lang, cjk, latin]
    pending_start: int | None = None  # letter-free lines before the first run
    for start, end, lang, cjk, latin in _pieces(text):
        if lang is None:
            if runs:
                runs[-1][1] = end
            elif pending_start is None:
                pending_start = start
            continue
        if runs and runs[-1][2] == lang:
            run = runs[-1]
            run[1] = end
            run[3] += cjk
            run[4] += latin
        else:
            if not runs and pending_start is not None:
                start = pending_start
            runs.append([start, end, lang, cjk, latin])
    return [(s, e, lang) for s, e, lang, _, _ in runs], _language(
        [(lang, cjk, latin) for _, _, lang, cjk, latin in runs]
    )


def _pieces(text: str):
    """(start, end, lang or None, cjk, latin) per paragraph; a paragraph that
    switches script between sentences (a Chinese report quoting an English
    release) is cut into its sentences, each judged alone."""
    for m in _LINE.finditer(text):
        line = m.group()
        cjk, latin = _counts(line)
        if cjk and latin and cjk * CJK_WEIGHT + latin >= 2 * SHORT_LINE:
            for p in _PIECE.finditer(line):
                piece = p.group()
                counts = _counts(piece)
                yield m.start() + p.start(), m.start() + p.end(), _lang_of(piece, *counts), *counts
        else:
            yield m.start(), m.end(), _lang_of(line, cjk, latin), cjk, latin


def detect_language(text: str) -> str:
    """ "zh", "en" or "mixed" (substantial running text in both).

    Text with no letters at all counts as "en".
    """
    return segments_and_language(text)[1]


def language_of_segments(text: str, runs: list[tuple[int, int, str]]) -> str:
    """`detect_language` of a text whose `segments` are already known."""
    return _language([(lang, *_counts(text[start:end])) for start, end, lang in runs])


def _language(runs: list[tuple[str, int, int]]) -> str:
    """The document language from (lang, cjk, latin) per run."""
    zh = en = 0.0
    for lang, cjk, latin in runs:
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
