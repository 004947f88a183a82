"""The "pharmanews_cooperations" component: the cooperation records of a Doc.

A thin layer: it reads the sentences, ``doc.spans["companies"]``,
``doc.spans["drugs"]`` and ``doc.spans["amounts"]``, adds the institutions
that can be parties (universities, institutes, public bodies), hands plain
data to `nlp.cooperation_rules.find_cooperations` and stores the result in
``doc._.cooperations``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from nlp import extensions
from nlp.cooperation_rules import DrugMention, PartyMention, find_cooperations, find_institutions
from nlp.model import Amount

extensions.register()


def _entity_id(span) -> str:
    return span._.entity_id or "new:" + span.text.lower()


@Language.component("pharmanews_cooperations")
def cooperations_component(doc: Doc) -> Doc:
    """Set ``doc._.cooperations`` to the list of `nlp.model.Cooperation` found."""
    text = doc.text
    companies = [
        PartyMention(_entity_id(s), s._.canonical or s.text, s.start_char, s.end_char)
        for s in doc.spans.get("companies", [])
    ]
    taken = [(p.start, p.end) for p in companies]
    taken += [(s.start_char, s.end_char) for s in doc.spans.get("drugs", [])]
    parties = sorted(companies + find_institutions(text, taken), key=lambda p: p.start)
    drugs = [
        DrugMention(_entity_id(s), s._.canonical or s.text, s.start_char, s.end_char)
        for s in doc.spans.get("drugs", [])
    ]
    amounts = [s._.amount for s in doc.spans.get("amounts", []) if isinstance(s._.amount, Amount)]
    if doc.has_annotation("SENT_START"):
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
    else:
        sentences = [(0, len(text))]
    doc._.cooperations = find_cooperations(text, sentences, parties, drugs, amounts)
    return doc
