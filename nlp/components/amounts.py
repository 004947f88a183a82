"""The "pharmanews_amounts" component: every money amount of the text, with its role.

Runs `nlp.money.find_money` over ``doc.text`` and `nlp.amount_roles.amount_role`
over the amount's sentence, and puts the spans in ``doc.spans["amounts"]``
with ``span._.amount`` set to an `nlp.model.Amount` (offsets relative to
``doc.text``). Sentences come from the sentencizer that the pipeline runs
first; without sentence boundaries the whole text is the sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp import extensions
from nlp.amount_roles import amount_role
from nlp.doc_text import doc_text
from nlp.model import Amount
from nlp.money import find_money
from nlp.sentences import SentenceIndex, sentence_index

extensions.register()

SPAN_KEY = "amounts"


@Language.component("pharmanews_amounts")
def amounts_component(doc: Doc) -> Doc:
    """Find the amounts of `doc` and set ``doc.spans["amounts"]``."""
    spans: list[Span] = []
    taken: set[tuple[int, int]] = set()
    lang = doc.lang_
    sents: SentenceIndex | None = None
    for m in find_money(doc_text(doc)):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        # span._ values are keyed by the span's char offsets: two amounts inside one
        # token (an unsplit run of CJK in the en pipeline) would share one value,
        # so the later one is left out rather than overwrite the first.
        if span is None or (span.start_char, span.end_char) in taken:
            continue
        taken.add((span.start_char, span.end_char))
        if sents is None:  # built on the first amount: most runs have none
            sents = sentence_index(doc)  # shared with the extraction's _collect
        sentence, s_start = sents.of_chars(m.start, m.end)
        role = amount_role(sentence, m.start - s_start, m.end - s_start, lang)
        span._.amount = Amount(
            text=m.text,
            start=m.start,
            end=m.end,
            value=m.value,
            currency=m.currency,
            role=role,
            qualifier=m.qualifier,
            sentence=sentence,
            sentence_start=s_start,
        )
        spans.append(span)
    doc.spans[SPAN_KEY] = spans
    return doc
