"""The "pharmanews_cooperations" component: the cooperation records of a Doc.

A thin layer: it reads the sentences, ``doc.spans["companies"]``,
``doc.spans["drugs"]`` and ``doc.spans["amounts"]``, adds the institutions
that can be parties (universities, institutes, public bodies), hands plain
data to `nlp.coop.find_cooperations` and stores the result in
``doc._.cooperations``.
"""

from __future__ import annotations

import re

from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from nlp import extensions
from nlp.coop import DrugMention, PartyMention, find_cooperations, find_institutions
from nlp.doc_text import doc_text
from nlp.model import Amount

extensions.register()


def _mentions(cls, doc: Doc, text: str, spans) -> list:
    """PartyMentions or DrugMentions of spans (a span's text is its slice of
    the document text)."""
    entity_id, canonical = extensions.span_values(doc, "entity_id"), extensions.span_values(doc, "canonical")
    out = []
    for span in spans:
        start, end = span.start_char, span.end_char
        name = text[start:end]
        out.append(cls(entity_id(start, end) or "new:" + name.lower(), canonical(start, end) or name, start, end))
    return out


def _sentences(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Sentence character bounds, read from one array rather than doc.sents
    (which builds a Span per sentence); no sentence marks: one sentence."""
    size = len(text)
    if not len(doc):
        return [(0, size)]
    arr = doc.to_array([IDX, SENT_START])
    starts = arr[arr[:, 1] == 1, 0].tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    # "与美国Verdant Therapeutics, Inc.签订协议": the full stop of a company
    # suffix followed by Chinese text or a bracket ends no sentence; Chinese
    # never opens a sentence there (an English one opens with a capital).
    starts = [s for s in starts if not (s and _SUFFIX_END.search(text, max(0, s - 12), s) and _GOES_ON.match(text, s))]
    return list(zip(starts, starts[1:] + [size], strict=True))


_SUFFIX_END = re.compile(r"\b(?:Inc|Ltd|Co|Corp|LLC|plc|S\.A|S\.p\.A|GmbH|AG|N\.V|B\.V|Pty)\.[(（]?[ \t]*$")
_GOES_ON = re.compile(r"[\u3400-\u9fff(（,，、]")


@Language.component("pharmanews_cooperations")
def cooperations_component(doc: Doc) -> Doc:
    """Set ``doc._.cooperations`` to the list of `nlp.model.Cooperation` found."""
    text = doc_text(doc)  # doc.text joins every token on each read
    company_spans = list(doc.spans.get("companies", []))
    drug_spans = list(doc.spans.get("drugs", []))
    companies = _mentions(PartyMention, doc, text, company_spans)
    drugs = _mentions(DrugMention, doc, text, drug_spans)
    taken = [(p.start, p.end) for p in companies] + [(d.start, d.end) for d in drugs]
    parties = sorted(companies + find_institutions(text, taken), key=lambda p: p.start)
    amount = extensions.span_values(doc, "amount")
    amounts = [a for s in doc.spans.get("amounts", []) if isinstance(a := amount(s.start_char, s.end_char), Amount)]
    doc._.cooperations = find_cooperations(text, _sentences(doc, text), parties, drugs, amounts)
    return doc
