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
from spacy.tokens import Doc, Span

from nlp import extensions
from nlp.coop import DrugMention, PartyMention, find_cooperations, find_institutions
from nlp.doc_text import doc_text
from nlp.model import Amount

extensions.register()


def _span_values(doc: Doc, name: str):
    """A reader of ``span._.<name>`` by char offsets. spaCy keeps a plain
    extension's value in ``doc.user_data`` under ``("._.", name, start_char,
    end_char)``; ``span._`` builds an accessor object per read to look it up
    there, which costs more than the lookup itself."""
    default, method, getter, _setter = Span.get_extension(name)
    # Computed values, or a mutable default spaCy copies on first read: the slow way.
    if method is not None or getter is not None or isinstance(default, (dict, list, set)):
        return lambda span: getattr(span._, name)
    values = doc.user_data
    return lambda span: values.get(("._.", name, span.start_char, span.end_char), default)


def _mentions(cls, doc: Doc, text: str, spans) -> list:
    """PartyMentions or DrugMentions of spans (a span's text is its slice of
    the document text)."""
    entity_id, canonical = _span_values(doc, "entity_id"), _span_values(doc, "canonical")
    out = []
    for span in spans:
        start, end = span.start_char, span.end_char
        name = text[start:end]
        out.append(cls(entity_id(span) or "new:" + name.lower(), canonical(span) or name, start, end))
    return out


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
    companies = _mentions(PartyMention, doc, text, company_spans)
    drugs = _mentions(DrugMention, doc, text, drug_spans)
    taken = [(p.start, p.end) for p in companies] + [(d.start, d.end) for d in drugs]
    parties = sorted(companies + find_institutions(text, taken), key=lambda p: p.start)
    amount = _span_values(doc, "amount")
    amounts = [a for a in map(amount, doc.spans.get("amounts", [])) if isinstance(a, Amount)]
    doc._.cooperations = find_cooperations(text, _sentences(doc, len(text)), parties, drugs, amounts)
    return doc
