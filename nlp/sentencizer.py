"""The "pharmanews_sentencizer" factory: spaCy's rule sentencizer, read as arrays.

spaCy's `Sentencizer` walks the Doc building a Python Token per token, which
costs as much as the rest of a component. `ArraySentencizer` gives exactly its
sentence starts (a token opens a sentence when it is not punctuation and a
sentence-final character came after the previous such token) from the
ORTH and IS_PUNCT columns of the Doc, with numpy. The pipelines add it under
the usual name "sentencizer".
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import IS_PUNCT, ORTH
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.strings import get_string_id
from spacy.tokens import Doc


class ArraySentencizer(Sentencizer):
    """`Sentencizer` with an array-based `predict`; same config, same output."""

    def predict(self, docs: list[Doc]) -> list[list[bool]]:
        ids = np.array(sorted(get_string_id(p) for p in self.punct_chars), dtype="uint64")
        return [_guesses(doc, ids) for doc in docs]


def _guesses(doc: Doc, punct_ids: np.ndarray) -> list[bool]:
    n = len(doc)
    if not n:
        return []
    arr = doc.to_array([ORTH, IS_PUNCT])
    final = np.isin(arr[:, 0], punct_ids)
    normal = np.flatnonzero(~final & (arr[:, 1] == 0))
    guesses = np.zeros(n, dtype=bool)
    guesses[0] = True
    if len(normal):
        seen = np.cumsum(final)
        # Sentence-final tokens before each ordinary token, and up to the previous one.
        upto_here = np.where(normal > 0, seen[np.maximum(normal - 1, 0)], 0)
        upto_prev = np.concatenate(([0], seen[normal[:-1]]))
        guesses[normal[upto_here > upto_prev]] = True
    return guesses.tolist()


@Language.factory(
    "pharmanews_sentencizer",
    default_config={"punct_chars": None, "overwrite": False},
)
def make_sentencizer(nlp: Language, name: str, punct_chars: list[str] | None, overwrite: bool) -> ArraySentencizer:
    return ArraySentencizer(name, punct_chars=punct_chars, overwrite=overwrite)
