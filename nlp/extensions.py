"""Custom attributes on spaCy `Doc` and `Span` that the extraction components share.

Registered once, here, so the zh and en pipelines carry the same shape:

- ``doc.spans["companies"]`` / ``doc.spans["drugs"]``: spans with
  ``span._.entity_id``, ``span._.canonical`` (display name), ``span._.known``
  (found in the gazetteer) and ``span._.name_zh``.
- ``doc.spans["amounts"]``: spans with ``span._.amount`` (an `nlp.model.Amount`
  whose offsets are relative to ``doc.text``).
- ``doc._.cooperations``: the `nlp.model.Cooperation` records of the text.
- ``doc._.offset``: where ``doc.text`` starts in the whole document, for a
  document that was split into parts by language.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_SPAN_ATTRS = {"entity_id": None, "canonical": None, "known": True, "name_zh": None, "amount": None}


def register() -> None:
    """Register the attributes; safe to call more than once."""
    for name, default in _SPAN_ATTRS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    if not Doc.has_extension("cooperations"):
        Doc.set_extension("cooperations", default=None)
    if not Doc.has_extension("offset"):
        Doc.set_extension("offset", default=0)


register()
