"""`JiebaTokenizer`: spaCy's jieba tokenizer for Chinese without its quadratic step.

spaCy's ChineseTokenizer aligns jieba's words to the text with
``util.get_words_and_spaces``, which slices the rest of the text once per
word (quadratic in the text length: a tenth of the zh pipeline on news
articles). jieba's words put together are the text itself, so the
alignment is a linear walk; it gives exactly spaCy's words and spaces, and
anything unexpected falls back to spaCy's own function.
"""

from __future__ import annotations

from spacy import util
from spacy.tokens import Doc


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """What ``spacy.util.get_words_and_spaces(words, text)`` returns, in linear time."""
    if "".join(words) != text:
        return util.get_words_and_spaces(words, text)
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
        words = [w for w in seg.cut(text, cut_all=False) if w]
        words, spaces = words_and_spaces(words, text)
        return Doc(self.inner.vocab, words=words, spaces=spaces)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)
