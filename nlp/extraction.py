"""`extract(text)`: the single entry point from text to an `Extraction`.

The text is cut into language runs (`nlp.language.segments`); each run goes
through its language's pipeline, offsets are shifted back onto the whole
text, and the parts are merged. Mentions of one thing in different runs get
one id: a gazetteer id is the same in both languages, and a new name written
alike in two runs (or grouped with another form in one of them) is unified
here. Empty or letter-free text gives an empty Extraction with lang "en".
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from spacy.tokens import Doc

from nlp.coop import merge_cooperations
from nlp.doc_text import doc_text
from nlp.extensions import span_values
from nlp.language import segments_and_language
from nlp.model import Amount, Cooperation, Extraction, Mention
from nlp.pipelines import get_pipeline
from nlp.sentences import sentence_index

log = logging.getLogger(__name__)

_LABELS = {"companies": "COMPANY", "drugs": "DRUG"}
# Control characters other than newline and tab confuse tokenisers, and a lone
# surrogate (text decoded with errors="surrogateescape", or cut mid-character)
# cannot be encoded at all: spaCy's string store raises on it. Each becomes a
# space, so every offset still points into the original text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\ud800-\udfff]")


def extract(text: str, lang: str | None = None) -> Extraction:
    """Everything extracted from `text`. Never raises on odd text.

    `lang` ("zh", "en" or "mixed") overrides the detected document language
    and, when "zh" or "en", sends the whole text through that one pipeline.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    clean = _CONTROL.sub(" ", text)
    if lang in ("zh", "en"):
        doc_lang = lang
        parts = [(0, len(clean), lang)] if clean.strip() else []
    else:
        parts, detected = segments_and_language(clean)
        doc_lang = lang if lang == "mixed" else detected
    result = Extraction(lang=doc_lang)
    if not parts:
        return result
    by_lang: dict[str, list[tuple[int, int]]] = {}
    for start, end, seg_lang in parts:
        by_lang.setdefault(seg_lang, []).append((start, end))
    runs: list[list[Cooperation]] = []
    for seg_lang, ranges in by_lang.items():
        nlp = get_pipeline(seg_lang)
        for (start, _end), doc in zip(ranges, _docs(nlp, clean, ranges), strict=True):
            if doc is not None:
                before = len(result.cooperations)
                _collect(doc, start, text, result)
                runs.append(result.cooperations[before:])
    # A deal told in a Chinese paragraph and again in an English one is one record.
    result.cooperations[:] = merge_cooperations(*runs)
    result.mentions.sort(key=lambda m: m.start)
    result.amounts.sort(key=lambda a: a.start)
    _unify(result)
    return result


def _docs(nlp, text: str, ranges: list[tuple[int, int]]) -> list[Doc | None]:
    """The runs through the pipeline, batched; a run a component chokes on is
    logged and left out rather than failing the whole text."""
    try:
        return list(nlp.pipe(text[s:e] for s, e in ranges))
    except Exception:  # noqa: BLE001 - one bad run must not lose the others
        out: list[Doc | None] = []
        for s, e in ranges:
            try:
                out.append(nlp(text[s:e]))
            except Exception:
                log.exception("extraction failed on characters %d-%d; that part is skipped", s, e)
                out.append(None)
        return out


def _collect(doc: Doc, offset: int, text: str, out: Extraction) -> None:
    sents = sentence_index(doc)
    doc_str = doc_text(doc)
    entity_id, canonical, known, name_zh, amount_of = (
        span_values(doc, name) for name in ("entity_id", "canonical", "known", "name_zh", "amount")
    )
    for key, label in _LABELS.items():
        for span in doc.spans.get(key, []):
            sent_start, sent_end = sents.of_tokens(span.start, span.end)
            span_start, span_end = span.start_char, span.end_char
            # span.text builds a Token per token; a non-empty span's text is
            # the Doc's text between its first and last character.
            span_text = doc_str[span_start:span_end] if span.end > span.start else span.text
            start, end = offset + span_start, offset + span_end
            out.mentions.append(
                Mention(
                    label=label,
                    text=text[start:end],
                    start=start,
                    end=end,
                    entity_id=entity_id(span_start, span_end) or "new:" + span_text.lower(),
                    name=canonical(span_start, span_end) or span_text,
                    sentence=doc_str[sent_start:sent_end],
                    sentence_start=offset + sent_start,
                    known=bool(known(span_start, span_end)),
                    name_zh=name_zh(span_start, span_end),
                )
            )
    for span in doc.spans.get("amounts", []):
        amount = amount_of(span.start_char, span.end_char)
        if isinstance(amount, Amount):
            out.amounts.append(_shift_amount(amount, offset))
    for coop in doc._.cooperations or []:
        if isinstance(coop, Cooperation):
            if not offset and type(coop.amounts) is tuple:
                # Nothing to shift: the copy below would equal the (frozen) record.
                out.cooperations.append(coop)
                continue
            out.cooperations.append(
                replace(
                    coop,
                    amounts=tuple(_shift_amount(a, offset) for a in coop.amounts),
                    evidence_start=coop.evidence_start + offset,
                    evidence_end=coop.evidence_end + offset,
                )
            )


def _shift_amount(a: Amount, offset: int) -> Amount:
    if not offset:
        return a
    return replace(a, start=a.start + offset, end=a.end + offset, sentence_start=a.sentence_start + offset)


def _unify(result: Extraction) -> None:
    """One id per thing across language runs: mentions whose text normalises
    alike share an id, preferring a gazetteer id over a new one."""
    from nlp.gazetteer import normalise_name

    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra == rb:
            return
        # The known (gazetteer) id wins; between two new ids, the earlier.
        if ra.startswith("new:") and not rb.startswith("new:"):
            ra, rb = rb, ra
        parent[rb] = ra

    by_text: dict[tuple[str, str], str] = {}
    for m in result.mentions:
        key = (m.label, normalise_name(m.text))
        if key in by_text:
            union(by_text[key], m.entity_id)
        else:
            by_text[key] = m.entity_id
            find(m.entity_id)
    if all(find(k) == k for k in list(parent)):
        return
    first: dict[str, Mention] = {}
    for m in result.mentions:
        first.setdefault(m.entity_id, m)
    merged = []
    for m in result.mentions:
        root = find(m.entity_id)
        if root != m.entity_id:
            head = first.get(root, m)
            m = replace(m, entity_id=root, name=head.name, known=head.known, name_zh=m.name_zh or head.name_zh)
        merged.append(m)
    result.mentions[:] = merged
