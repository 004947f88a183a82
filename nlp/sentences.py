"""`SentenceIndex`: the sentence of a span or a char range, without walking tokens.

``doc.sents`` and ``span.sent`` build a Python Token object for every token
they pass; asked once per mention or amount, they cost more than the whole
rest of the extraction. This reads the sentence starts and token offsets of
a Doc once, as arrays, and answers by bisection, giving the very bounds
spaCy would (see each method). `sentence_index(doc)` shares one index
among the steps that run after the last retokenisation (the amounts
component, then the extraction's collection of results).
"""

from __future__ import annotations

import bisect
import weakref

import numpy as np
from spacy.attrs import SENT_START
from spacy.tokens import Doc

from nlp.doc_arrays import token_bounds
from nlp.doc_text import doc_text


class SentenceIndex:
    """Sentence bounds of one Doc; build it after the last retokenisation."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc_text(doc)
        self.annotated = len(doc) > 0 and doc.has_annotation("SENT_START")
        if not len(doc):
            self._tok_starts: list[int] = []
            self._tok_first: list[int] = []
            self._tok_end: list[int] = []
            self.bounds: list[tuple[int, int]] = []
            self._bound_starts: list[int] = []
            self._bound_ends: list[int] = []
            return
        first, end = token_bounds(doc)  # shared lists: read only
        n = len(first)
        self._tok_first = first
        self._tok_end = end
        # spaCy opens a sentence at token 0 and at every token marked 1.
        if self.annotated:
            opens = np.flatnonzero(doc.to_array(SENT_START)[1:] == 1) + 1
            self._tok_starts = [0, *opens.tolist()]
        else:
            self._tok_starts = [0]
        self._bound_starts = [first[i] for i in self._tok_starts]
        self._bound_ends = [end[i - 1] for i in self._tok_starts[1:]] + [end[n - 1]]
        self.bounds = list(zip(self._bound_starts, self._bound_ends, strict=True))

    def of_tokens(self, start: int, end: int) -> tuple[int, int]:
        """Char bounds of ``doc[start:end].sent`` (or the whole Doc without
        sentence annotation): from the start of the first token's sentence to
        the end of the last token's sentence."""
        if not self._tok_starts:
            return 0, 0
        n = len(self._tok_first)
        if not self.annotated:
            return self._tok_first[0], self._tok_end[n - 1]
        first = self._tok_starts[bisect.bisect_right(self._tok_starts, start) - 1]
        k = bisect.bisect_left(self._tok_starts, max(end, start + 1))
        stop = self._tok_starts[k] if k < len(self._tok_starts) else n
        return self._tok_first[first], self._tok_end[stop - 1]

    def of_chars(self, start: int, end: int) -> tuple[str, int]:
        """Text and start of the sentence(s) holding chars start..end; the
        whole text without sentence annotation or when none holds them."""
        if not self.annotated or not self.bounds:
            return self.text, 0
        i = bisect.bisect_right(self._bound_ends, start)
        if i >= len(self.bounds):
            return self.text, 0
        first = self.bounds[i][0]
        j = bisect.bisect_left(self._bound_starts, end) - 1
        if j < 0:
            return self.text, 0
        last = self.bounds[j][1]
        return self.text[first:last], first


# One index per live Doc, with the token count it was built at. The pipeline
# components that split or merge tokens (companies, drugs) run before the
# first reader; a later split or merge would change the count and rebuild.
_INDEXES: weakref.WeakKeyDictionary[Doc, tuple[int, SentenceIndex]] = weakref.WeakKeyDictionary()


def sentence_index(doc: Doc) -> SentenceIndex:
    """The `SentenceIndex` of `doc`, built once for the Doc's final tokens and
    sentences: only for readers after every step that retokenises or sets
    sentence starts."""
    cached = _INDEXES.get(doc)
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    index = SentenceIndex(doc)
    _INDEXES[doc] = (len(doc), index)
    return index
