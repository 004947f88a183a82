"""Bytes to text: HTML pages (declared charset, BOM, meta tag, detection) and plain .txt files.

Chinese sites often declare GBK/GB2312 only in a <meta> tag, or mis-declare it; we decode the
GB family as GB18030 (a strict superset), Big5 as Big5-HKSCS, and judge a detection guess by how
many of the most frequent Chinese characters it produces (a wrong decoding gives rare ones).
"""

from __future__ import annotations

import codecs
import re
from functools import cache
from pathlib import Path

import charset_normalizer

__all__ = ["DecodeError", "decode_html", "decode_text", "normalize_encoding", "declared_charset"]


class DecodeError(ValueError):
    """The bytes are not text (a binary file)."""


# Labels seen in the wild, mapped to the codec that decodes them best.
_ALIASES = {
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "csgb2312": "gb18030",
    "euc-cn": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big-5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "cn-big5": "big5hkscs",
    "csbig5": "big5hkscs",
    "cp950": "cp950",
    "big5-hkscs": "big5hkscs",
    # WHATWG: latin-1 labels mean windows-1252.
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "utf8": "utf-8",
    "unicode": "utf-16",
}

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.I)
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"\xd0\xcf\x11\xe0")


def normalize_encoding(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None when the label is unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # codecs.lookup("gbk") etc. still need the superset mapping after lookup.
    return _ALIASES.get(codec, codec)


def declared_charset(content_type: str | bytes | None) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    match = _CHARSET_PARAM.search(content_type)
    return match.group(1) if match else None


def _bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _meta_encoding(body: bytes) -> str | None:
    head = body[:4096]
    match = _META_CHARSET.search(head) or _XML_DECL.search(head)
    return normalize_encoding(match.group(1).decode("ascii", "ignore")) if match else None


@cache
def _common_hanzi() -> frozenset[str]:
    path = Path(__file__).with_name("common_hanzi.txt")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return frozenset("".join(lines))


def _plausibility(text: str) -> float:
    """Share of CJK characters that are common ones; 0 when there is no CJK at all."""
    common = _common_hanzi()
    cjk = [ch for ch in text if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"]
    if not cjk:
        return 0.0
    return sum(ch in common for ch in cjk) / len(cjk)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes) -> str | None:
    """Best-guess text for undeclared bytes, or None when nothing decodes cleanly."""
    text = _strict(data, "utf-8")
    if text is not None:
        return text
    # Try the Chinese double-byte families and keep the one that reads like Chinese.
    guesses = [(t, _plausibility(t)) for enc in ("gb18030", "big5hkscs") if (t := _strict(data, enc))]
    if guesses:
        best, score = max(guesses, key=lambda g: g[1])
        if score >= 0.2:
            return best
    match = charset_normalizer.from_bytes(data[:65536]).best()
    if match is not None:
        enc = normalize_encoding(match.encoding) or match.encoding
        text = _strict(data, enc)
        if text is not None:
            return text
    return guesses[0][0] if guesses else None


def decode_html(body: bytes, declared: str | None = None) -> str:
    """Decode an HTML page; never raises, replacement characters are the last resort.

    Order: the HTTP charset, the BOM, <meta charset>/http-equiv (or the XML declaration), then
    detection. A candidate is used only if it decodes without errors, except that a BOM wins.
    """
    if not body:
        return ""
    bom = _bom_encoding(body)
    http = normalize_encoding(declared)
    meta = _meta_encoding(body)
    # A BOM is unambiguous; an HTTP latin-1 is usually a server default, so the meta tag beats it.
    candidates = [bom] if bom else []
    if http == "cp1252" and meta and meta != "cp1252":
        candidates += [meta, http]
    else:
        candidates += [http, meta]
    for enc in candidates:
        if enc and (text := _strict(body, enc)) is not None:
            return text
    text = _detect(body)
    if text is not None:
        return text
    fallback = next((enc for enc in candidates if enc), "utf-8")
    return body.decode(fallback, errors="replace")


def _looks_binary(data: bytes) -> bool:
    if data.startswith(_BINARY_MAGIC):
        return True
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(sample) * 0.05


def decode_text(data: bytes) -> str:
    """Decode a plain-text file (UTF-8, UTF-16 with BOM, GB18030 or Big5). Raises DecodeError on binary."""
    bom = _bom_encoding(data)
    if bom:
        text = _strict(data, bom)
        if text is not None:
            return text[1:] if text.startswith("\ufeff") else text
    if _looks_binary(data):
        raise DecodeError("looks like a binary file")
    text = _detect(data)
    return text if text is not None else data.decode("utf-8", errors="replace")
