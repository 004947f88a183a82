"""Local article files: which files a path names, and the text each gives (or why not)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.local_files import article_files, read_article_file


def test_directory_gives_article_files_sorted_and_recursive(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ["b.txt", "a.HTML", "sub/c.htm", "notes.md", "image.png"]:
        (tmp_path / name).write_bytes(b"x")
    got = [p.relative_to(tmp_path).as_posix() for p in article_files([str(tmp_path)])]
    assert got == ["a.HTML", "b.txt", "sub/c.htm"]


def test_named_file_is_kept_whatever_its_suffix(tmp_path: Path) -> None:
    named = tmp_path / "article.md"
    assert list(article_files([str(named)])) == [named]


@pytest.mark.parametrize(
    "name,data,text",
    [
        ("gbk.txt", "恒瑞医药与辉瑞合作".encode("gbk"), "恒瑞医药与辉瑞合作"),
        ("utf8.txt", b"Pfizer licensed RC18.", "Pfizer licensed RC18."),
        (
            "page.html",
            "<html><head><title>恒瑞医药授权</title></head><body><article><p>"
            + "恒瑞医药将SHR-A1811的海外权益授权给Array BioPharma。" * 5
            + "</p></article></body></html>",
            "SHR-A1811",
        ),
    ],
)
def test_reads_text_and_html(tmp_path: Path, name: str, data: bytes | str, text: str) -> None:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    assert text in read_article_file(path)


@pytest.mark.parametrize(
    "make,reason",
    [
        (lambda p: None, "no such file"),
        (lambda p: p.write_bytes(b"x" * 2048), "over the"),
    ],
)
def test_refusals_name_the_reason(tmp_path: Path, make, reason: str) -> None:
    path = tmp_path / "doc.txt"
    make(path)
    with pytest.raises(ValueError, match=reason):
        read_article_file(path, max_bytes=1024)
