"""`doc_text(doc)`: the text of a Doc, built once per Doc.

spaCy's ``Doc.text`` is not stored: every read joins the text of all tokens,
building a Python Token for each, which makes it the costliest line of the
extraction when read per mention. Retokenising (splitting or merging tokens)
never changes the text, so it is kept in ``doc.user_data`` after the first read,
or from the start when the tokenizer is wrapped in `TextKeepingTokenizer`.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "pharmanews_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, read from the Doc only the first time."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_KEY] = text
    return text


class TextKeepingTokenizer:
    """A tokenizer wrapper that stores each input text on its Doc, so that
    `doc_text` never has to rebuild it (spaCy's tokenizers are lossless: the
    Doc's text is the input)."""

    def __init__(self, inner) -> None:
        self.inner = inner

    def __call__(self, text: str) -> Doc:
        doc = self.inner(text)
        doc.user_data[_KEY] = text
        return doc

    def __getattr__(self, name: str):
        return getattr(self.inner, name)
