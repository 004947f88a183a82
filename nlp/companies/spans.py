"""Char ranges onto spaCy tokens: token edges, CJK alignment, and storing spans.

Shared by the companies and drugs components: both find names in
``doc.text`` by characters and must turn them into spans, splitting a token
where jieba glued a name to the word beside it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span

from nlp import extensions
from nlp.doc_arrays import token_bounds

CJK_CHAR = re.compile(r"[\u3400-\u9fff]")


def token_edges(doc: Doc) -> set[int]:
    starts, ends = token_offsets(doc)
    return set(starts) | set(ends)


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Token start and end chars (shared lists from nlp.doc_arrays: read, never change)."""
    return token_bounds(doc)


def cjk_aligned(text: str, start: int, end: int, edges: set[int]) -> bool:
    """False when a match starts or ends between two Chinese characters that
    jieba kept in one word: 国药 inside 中国药企 is no mention of 国药."""
    for off in (start, end):
        if 0 < off < len(text) and off not in edges:
            if CJK_CHAR.match(text[off - 1]) and CJK_CHAR.match(text[off]):
                return False
    return True


def _split_inside(doc: Doc, offsets: set[int], starts: list[int]) -> None:
    """Split tokens so that each char offset falls on a token edge (`starts`: the token start chars)."""
    cuts: dict[int, list[int]] = {}
    for off in offsets:
        i = bisect.bisect_right(starts, off) - 1
        if i < 0:
            continue
        tok = doc[i]
        if tok.idx < off < tok.idx + len(tok.text):
            cuts.setdefault(i, []).append(off - tok.idx)
    if not cuts:
        return
    with doc.retokenize() as retok:
        for i, rel in cuts.items():
            tok = doc[i]
            edges = [0, *sorted(set(rel)), len(tok.text)]
            orths = [tok.text[a:b] for a, b in zip(edges, edges[1:], strict=False)]
            heads = [(tok, 0)] * len(orths)
            retok.split(tok, orths, heads=heads)


def set_char_spans(doc: Doc, key: str, items: list[tuple[int, int, dict]]) -> None:
    """Store spans for char ranges under doc.spans[key], with their attributes.

    Where a range cuts through a token, the token is split (jieba sometimes
    glues a name to the word beside it); spans already stored under other keys
    are rebuilt afterwards, since spaCy does not move them on a split."""
    needed = set()
    for start, end, _ in items:
        needed.add(start)
        needed.add(end)
    # A few offsets against sorted token starts and ends: bisect, rather
    # than a set of every token edge.
    starts, ends = token_offsets(doc)
    inside = {off for off in needed if not (_in_sorted(starts, off) or _in_sorted(ends, off))}
    write = extensions.span_value_writer(doc)
    if inside:
        saved = {
            k: [(s.start_char, s.end_char, s.label_, dict(_span_attrs(s))) for s in group]
            for k, group in doc.spans.items()
        }
        _split_inside(doc, inside, starts)
        for k, rows in saved.items():
            doc.spans[k] = [_make_span(doc, s, e, attrs, label, write) for s, e, label, attrs in rows]
    label = key.upper()
    doc.spans[key] = [sp for s, e, attrs in items if (sp := _make_span(doc, s, e, attrs, label, write))]


def _in_sorted(values: list[int], value: int) -> bool:
    i = bisect.bisect_left(values, value)
    return i < len(values) and values[i] == value


def _span_attrs(span: Span) -> Iterator[tuple[str, object]]:
    for name in extensions._SPAN_ATTRS:
        yield name, span._.get(name)


def _make_span(doc: Doc, start: int, end: int, attrs: dict, label: str, write) -> Span | None:
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:
        return None
    # Keyed by the span's own chars, which "expand" may have widened, as `span._` keys them.
    write(span.start_char, span.end_char, attrs)
    return span
