"""`JiebaTokenizer`: spaCy's jieba tokenizer for Chinese without its quadratic step.

spaCy's ChineseTokenizer aligns jieba's words to the text with
``util.get_words_and_spaces``, which slices the rest of the text once per
word (quadratic in the text length: a tenth of the zh pipeline on news
articles). jieba's words put together are the text itself, so the
alignment is a linear walk; it gives exactly spaCy's words and spaces, and
anything unexpected falls back to spaCy's own function.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, compress

from spacy import util
from spacy.tokens import Doc

_WHITESPACE = re.compile(r"\s+")


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """What ``spacy.util.get_words_and_spaces(words, text)`` returns, in linear time."""
    if "".join(words) != text:
        return util.get_words_and_spaces(words, text)
    fast = _by_whitespace_words(words, text)
    if fast is None:
        fast = _by_whitespace_runs(words, text)
    return fast if fast is not None else _walk(words, text)


def _by_whitespace_words(words: list[str], text: str) -> tuple[list[str], list[bool]] | None:
    """`_by_whitespace_runs` found from the words themselves; None unless
    every word is non-empty and every whitespace character of the text sits
    in a word that is all whitespace (jieba's words always are so).

    Then the text's whitespace runs are exactly the runs of whitespace words,
    so the words need no offsets: the whitespace words are picked out at C
    speed (no per-word Python step), and only the runs are walked.
    """
    if not all(words):
        return None
    flags = list(map(str.isspace, words))
    spaced = list(compress(range(len(words)), flags))
    # Whitespace of the text outside the whitespace words would be inside
    # another word: the counts differ then.
    if sum(map(len, compress(words, flags))) != len(text) - sum(map(len, text.split())):
        return None
    out_words: list[str] = []
    spaced_out: list[int] = []  # out words followed by a space
    i = 0  # next word to copy
    k, m = 0, len(spaced)
    while k < m:
        a = b = spaced[k]
        while k < m and spaced[k] == b:  # the run of whitespace words a..b-1
            b += 1
            k += 1
        out_words += words[i:a]
        run = words[a] if b == a + 1 else "".join(words[a:b])
        # As in `_by_whitespace_runs`: a leading " " is the word before's trailing space.
        if out_words and run[0] == " ":
            spaced_out.append(len(out_words) - 1)
            run = run[1:]
        if run:
            out_words.append(run)
        i = b
    out_words += words[i:]
    out_spaces = [False] * len(out_words)
    for j in spaced_out:
        out_spaces[j] = True
    return out_words, out_spaces


def _by_whitespace_runs(words: list[str], text: str) -> tuple[list[str], list[bool]] | None:
    """The same, working per whitespace run rather than per word; None unless
    every run of whitespace in the text is made of whole words.

    jieba gives each whitespace character as a word of its own, so the words
    between two runs have no whitespace: copied in one slice, they need no
    alignment. A run right after a word gives it a trailing space if the run
    starts with " "; what is left of the run is one gap token (as in `_walk`).
    """
    ends = list(accumulate(map(len, words)))  # ends[i]: end offset of word i
    out_words: list[str] = []
    out_spaces: list[bool] = []
    i = 0  # next word to copy
    n = len(text)
    for m in _WHITESPACE.finditer(text):
        a, b = m.span()
        k = bisect_right(ends, a)  # the word holding char a
        after = bisect_right(ends, b) if b < n else len(words)  # the word holding char b
        if ends[k] - len(words[k]) != a or (b < n and ends[after] - len(words[after]) != b):
            return None  # a word straddles the run: let `_walk` align it
        out_words += words[i:k]
        out_spaces += [False] * (k - i)
        if out_words and text[a] == " ":
            out_spaces[-1] = True
            a += 1
        if a < b:
            out_words.append(text[a:b])
            out_spaces.append(False)
        i = after
    out_words += words[i:]
    out_spaces += [False] * (len(words) - i)
    return out_words, out_spaces


def _walk(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """The same, word by word; for words that together are the text."""
    out_words: list[str] = []
    out_spaces: list[bool] = []
    pos, n = 0, len(text)
    for word in words:
        if word.isspace():
            continue  # whitespace comes back below: as a gap token or a trailing space
        start = text.find(word, pos)
        if start > pos:
            out_words.append(text[pos:start])
            out_spaces.append(False)
        out_words.append(word)
        pos = start + len(word)
        if pos < n and text[pos] == " ":
            out_spaces.append(True)
            pos += 1
        else:
            out_spaces.append(False)
    if pos < n:
        out_words.append(text[pos:])
        out_spaces.append(False)
    return out_words, out_spaces


class JiebaTokenizer:
    """Wraps spaCy's ChineseTokenizer; with the jieba segmenter it tokenises
    as spaCy does, faster; otherwise it hands the text on."""

    def __init__(self, inner) -> None:
        self.inner = inner

    def __call__(self, text: str) -> Doc:
        seg = getattr(self.inner, "jieba_seg", None)
        if seg is None or getattr(self.inner, "segmenter", None) != "jieba":
            return self.inner(text)
        words = list(filter(None, seg.cut(text, cut_all=False)))
        words, spaces = words_and_spaces(words, text)
        return Doc(self.inner.vocab, words=words, spaces=spaces)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)
