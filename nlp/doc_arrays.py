"""`token_bounds(doc)`: the start and end char of every token, read once per tokenisation.

Several steps need the token offsets of the same Doc (the line-break
sentencizer, the companies and drugs spans, the sentence index); each
``doc.to_array([IDX, LENGTH])`` walks every token again. The offsets change
only when a step splits or merges tokens, which changes the number of
tokens (the pipeline's own retokenising, in nlp.companies.spans, only
splits), so they are kept per live Doc with the token count they were read
at, and read again when the count differs.
"""

from __future__ import annotations

import weakref

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

_BOUNDS: weakref.WeakKeyDictionary[Doc, tuple[int, list[int], list[int]]] = weakref.WeakKeyDictionary()


def token_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """(token start chars, token end chars) of `doc`, in token order.

    The lists are shared by every caller: read them, never change them.
    """
    n = len(doc)
    cached = _BOUNDS.get(doc)
    if cached is not None and cached[0] == n:
        return cached[1], cached[2]
    if n:
        arr = doc.to_array([IDX, LENGTH])
        starts = arr[:, 0].tolist()
        ends = (arr[:, 0] + arr[:, 1]).tolist()
    else:
        starts, ends = [], []
    _BOUNDS[doc] = (n, starts, ends)
    return starts, ends
