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

from collections.abc import Callable

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


def span_values(doc: Doc, name: str) -> Callable[[int, int], object]:
    """A reader of ``span._.<name>`` for the spans of `doc`, by the span's start and end char.

    spaCy stores a plain extension's value in ``doc.user_data`` under
    ``("._.", name, start_char, end_char)``; ``span._`` builds an accessor object
    on every read to look it up there, which costs more than the lookup. The
    attributes registered here are plain, with immutable defaults; one that is
    not is refused rather than read wrong. tests/test_speedups.py checks the
    store's key against ``span._``, so a spaCy that changes it fails loudly.
    """
    default, method, getter, _setter = Span.get_extension(name)
    if method is not None or getter is not None or isinstance(default, (dict, list, set)):
        raise TypeError(f"span._.{name} is computed or has a mutable default: read it through span._")
    values = doc.user_data
    return lambda start_char, end_char: values.get(("._.", name, start_char, end_char), default)


def span_value_writer(doc: Doc) -> Callable[[int, int, dict[str, object]], None]:
    """A writer of ``span._.<name> = value`` for the spans of `doc`, by the
    span's start and end char: ``write(start_char, end_char, {name: value})``.

    It stores where ``span._`` would (see `span_values`) without building an
    accessor object per span. Only the plain attributes registered here are
    written; a computed one (getter, setter or method) is refused at once.
    """
    for name in _SPAN_ATTRS:
        _default, method, getter, setter = Span.get_extension(name)
        if method is not None or getter is not None or setter is not None:
            raise TypeError(f"span._.{name} is computed: set it through span._")
    values = doc.user_data

    def write(start_char: int, end_char: int, attrs: dict[str, object]) -> None:
        for name, value in attrs.items():
            if name not in _SPAN_ATTRS:
                raise AttributeError(f"span._.{name} is not one of the attributes registered here")
            values[("._.", name, start_char, end_char)] = value

    return write


register()
