"""Full-text search that works in Chinese: an FTS5 index over jieba-segmented text.

FTS5's own tokenizer sees a run of Chinese characters as one token, so 许可
inside 独家许可协议 is never found. We index text cut by jieba's search mode
(which also emits the short words inside long ones) with spaces between
words; FTS5's porter/unicode61 tokenizer then splits on those spaces and
stems the English words. Queries are segmented the same way and every term
is quoted, so user input is never FTS syntax; a trailing ``*`` asks for a
prefix match ("licens*").
"""

from __future__ import annotations

import re

import jieba
from sqlite_utils import Database

jieba.setLogLevel(60)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Word characters, with inner ., - and + kept (SHR-A1811, PD-1, 1.5).
_TERM = re.compile(r"\w+(?:[-.+]\w+)*\*?")


def segment(text: str) -> str:
    """`text` as space-separated words: jieba search-mode words for Chinese runs."""
    if not text:
        return ""
    if not _CJK.search(text):
        return text
    words = (w.strip() for w in jieba.cut_for_search(text))
    return " ".join(w for w in words if w)


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH string for a user's search; None if the query has no word."""
    terms: list[str] = []
    for raw in _TERM.findall(query or ""):
        prefix = raw.endswith("*")
        word = raw.rstrip("*")
        if _CJK.search(word):
            # Precise mode for the query: one phrase of the words jieba finds.
            parts = [w for w in jieba.cut(word) if w.strip()]
            terms.append('"' + " ".join(p.replace('"', "") for p in parts) + '"')
        else:
            terms.append('"' + word.replace('"', "") + '"' + ("*" if prefix else ""))
    return " AND ".join(terms) if terms else None


def index_article(db: Database, article_id: int, title: str, text: str) -> None:
    """(Re)index one article under its id."""
    db.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
    db.execute(
        "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
        (article_id, segment(title or ""), segment(text or "")),
    )


def unindex_article(db: Database, article_id: int) -> None:
    db.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
