"""crawlers.decode: declared charset, BOM, <meta>, detection; plain-text files; binary input."""

from __future__ import annotations

import codecs

import pytest

from crawlers.decode import DecodeError, decode_html, decode_text, normalize_encoding

ZH = "恒瑞医药与默沙东达成独家许可协议，获得2亿美元首付款及最高17.7亿美元里程碑付款。"
ZH_TW = "信達生物與禮來製藥宣佈擴大雙方在中國的戰略合作，獲得首付款及里程碑付款。"
EN = "Pfizer to acquire Seagen for $43 billion in cash."
ENCODINGS = [("utf-8", ZH), ("gbk", ZH), ("gb2312", ZH), ("gb18030", ZH), ("big5", ZH_TW), ("utf-16", ZH)]


def _page(text: str, head: str) -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{text}</p><p>{text}</p></body></html>"


@pytest.mark.parametrize(("encoding", "text"), ENCODINGS)
@pytest.mark.parametrize("where", ["meta", "http-equiv", "header", "none"])
def test_decode_html_over_encodings_and_declarations(encoding: str, text: str, where: str) -> None:
    if encoding == "utf-16" and where != "header":
        # UTF-16 pages are only readable with a BOM or a header; the BOM case is tested below.
        pytest.skip("utf-16 needs a BOM or a header")
    head = {
        "meta": f'<meta charset="{encoding}">',
        "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">',
        "header": "",
        "none": "",
    }[where]
    body = _page(text, head).encode(encoding)
    declared = encoding if where == "header" else None
    assert text in decode_html(body, declared)


def test_bom_wins_when_nothing_is_declared() -> None:
    body = codecs.BOM_UTF16_LE + _page(ZH, "").encode("utf-16-le")
    assert ZH in decode_html(body)
    assert ZH in decode_html(codecs.BOM_UTF8 + _page(ZH, "").encode("utf-8"))


def test_meta_beats_a_server_default_latin1() -> None:
    body = _page(ZH, '<meta charset="gbk">').encode("gbk")
    assert ZH in decode_html(body, "ISO-8859-1")


def test_wrong_declaration_falls_back_to_a_decoding_that_works() -> None:
    body = _page(ZH, '<meta charset="utf-8">').encode("gbk")  # lies: it is GBK
    assert ZH in decode_html(body)


def test_gbk_extension_characters_decode_via_gb18030() -> None:
    text = "䶮€"  # outside GB2312; the € is GBK 0x80
    body = _page(text + ZH, '<meta charset="gb2312">').encode("gb18030")
    assert text in decode_html(body)


@pytest.mark.parametrize("body", [b"", b"\xff\xfe\xfa\x00garbage\x81", bytes(range(256)) * 4])
def test_decode_html_never_raises(body: bytes) -> None:
    assert isinstance(decode_html(body, "no-such-charset"), str)


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("GB2312", "gb18030"),
        ("gbk", "gb18030"),
        ("x-gbk", "gb18030"),
        ("BIG5", "big5hkscs"),
        ("utf8", "utf-8"),
        ("iso-8859-1", "cp1252"),
        ("nonsense", None),
        (None, None),
    ],
)
def test_normalize_encoding(label: str | None, codec: str | None) -> None:
    assert normalize_encoding(label) == codec


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ZH.encode("utf-8"), ZH),
        (codecs.BOM_UTF8 + ZH.encode("utf-8"), ZH),
        (ZH.encode("utf-16"), ZH),  # with BOM
        (codecs.BOM_UTF16_BE + ZH.encode("utf-16-be"), ZH),
        ((ZH * 3).encode("gb18030"), ZH * 3),
        ((ZH * 3).encode("gbk"), ZH * 3),
        ((ZH_TW * 3).encode("big5"), ZH_TW * 3),
        (EN.encode("ascii"), EN),
    ],
)
def test_decode_text(data: bytes, expected: str) -> None:
    assert decode_text(data) == expected


@pytest.mark.parametrize(
    "data", [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", b"\x89PNG\r\n\x1a\n\x00\x00", b"abc\x00def\x00" * 10, b"PK\x03\x04zip"]
)
def test_decode_text_rejects_binary(data: bytes) -> None:
    with pytest.raises(DecodeError, match="looks like a binary file"):
        decode_text(data)
