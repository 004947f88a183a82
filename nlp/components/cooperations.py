"""The "pharmanews_cooperations" component: the cooperation records of a Doc.

A thin layer: it reads the sentences, ``doc.spans["companies"]``,
``doc.spans["drugs"]`` and ``doc.spans["amounts"]``, adds the institutions
that can be parties (universities, institutes, public bodies), hands plain
data to `nlp.coop.find_cooperations` and stores the result in
``doc._.cooperations``.
"""

from __future__ import annotations

from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from nlp import extensions
from nlp.coop import DrugMention, PartyMention, find_cooperations, find_institutions
from nlp.doc_text import doc_text
from nlp.model import Amount

extensions.register()


def _mention(cls, span):
    """A PartyMention or DrugMention of a span (its span._ read once: each
    read builds a new accessor)."""
    ext = span._
    text = span.text
    return cls(ext.entity_id or "new:" + text.lower(), ext.canonical or text, span.start_char, span.end_char)


def _sentences(doc: Doc, size: int) -> list[tuple[int, int]]:
    """Sentence character bounds, read from one array rather than doc.sents
    (which builds a Span per sentence); no sentence marks: one sentence."""
    if not len(doc):
        return [(0, size)]
    arr = doc.to_array([IDX, SENT_START])
    starts = arr[arr[:, 1] == 1, 0].tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return list(zip(starts, starts[1:] + [size], strict=True))


@Language.component("pharmanews_cooperations")
def cooperations_component(doc: Doc) -> Doc:
    """Set ``doc._.cooperations`` to the list of `nlp.model.Cooperation` found."""
    text = doc_text(doc)  # doc.text joins every token on each read
    company_spans = list(doc.spans.get("companies", []))
    drug_spans = list(doc.spans.get("drugs", []))
    companies = [_mention(PartyMention, s) for s in company_spans]
    taken = [(p.start, p.end) for p in companies] + [(s.start_char, s.end_char) for s in drug_spans]
    parties = sorted(companies + find_institutions(text, taken), key=lambda p: p.start)
    drugs = [_mention(DrugMention, s) for s in drug_spans]
    amounts = [a for a in (s._.amount for s in doc.spans.get("amounts", [])) if isinstance(a, Amount)]
    doc._.cooperations = find_cooperations(text, _sentences(doc, len(text)), parties, drugs, amounts)
    return doc
