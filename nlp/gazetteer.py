"""The one loader of the gazetteer files (companies, drugs, non-companies).

Reads the JSONL files of ``nlp/data`` (format: ``GAZETTEER_FORMAT.md``),
checks them (a bad line raises `GazetteerError` naming file and line), and
answers the questions the extraction components ask: which entry does this
surface form name, which forms should the phrase matchers look for, and which
words must jieba keep whole.

Lookup is normalised (`normalise_name`): NFKC, case-folded, punctuation and
whitespace evened out, legal suffixes ("Co., Ltd.", "Inc.", "股份有限公司")
stripped, so "Jiangsu Hengrui Pharmaceuticals Co.,Ltd" finds the same entry as
"Jiangsu Hengrui Pharmaceuticals". A leading country word (美国, 日本 ...) or a
parenthesised part ("(China)", "（上海）") is dropped only as a second try, so a
name like 日本新药 still matches itself first.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nlp.gazetteer_cache import cached

log = logging.getLogger(__name__)

LABELS = ("COMPANY", "DRUG", "NON_COMPANY")

# The files default_gazetteer() reads, and the label each one carries. Other
# JSONL files in nlp/data (patterns, keyword lists) are not gazetteers.
DATA_DIR = Path(__file__).parent / "data"
DEFAULT_FILES = {
    "companies.jsonl": "COMPANY",
    "drugs.jsonl": "DRUG",
    "non_companies.jsonl": "NON_COMPANY",
}

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Punctuation that varies between sources of the same name ("Co.,Ltd" vs
# "Co., Ltd."; "Bio-Thera" vs "Bio Thera"); & and + are kept, they are part
# of names like J&J.
_PUNCT = re.compile(r"[.,'\"‘’“”`·・\-–—_/:;!?]+")
_SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")
_PARENS = re.compile(r"[(（][^()（）]*[)）]")
# Latin legal-form words, stripped from the end while a word remains before them.
_LEGAL_WORDS = frozenset(
    "inc incorporated corp corporation co company ltd limited llc lp llp plc ag se sa nv bv gmbh kk "
    "spa srl ab as asa oyj pte pty pvt".split()
)
# Chinese legal forms, longest first; stripped when at least two characters remain.
_LEGAL_ZH = ("股份有限公司", "有限责任公司", "有限公司", "公司")
_COUNTRY_PREFIXES = (
    "美国",
    "日本",
    "韩国",
    "英国",
    "德国",
    "法国",
    "瑞士",
    "丹麦",
    "瑞典",
    "比利时",
    "荷兰",
    "爱尔兰",
    "以色列",
    "印度",
    "加拿大",
    "澳大利亚",
    "意大利",
    "西班牙",
    "新加坡",
)


class GazetteerError(ValueError):
    """A gazetteer file or entry is malformed; the message says where and what."""


@dataclass(frozen=True)
class GazetteerEntry:
    """One named thing: a company, a drug or a non-company organisation."""

    id: str
    label: str  # one of LABELS
    name: str
    name_zh: str | None
    aliases: tuple[str, ...]  # every surface form, name and name_zh included
    country: str | None
    kind: str | None
    parent: str | None


def has_cjk(text: str) -> bool:
    """True when the text holds at least one Chinese character."""
    return bool(_CJK.search(text))


# Names recur (every alias is checked three times on load, every mention on
# lookup): the key of a recent name is remembered.
@functools.lru_cache(maxsize=1 << 16)
def normalise_name(s: str) -> str:
    """The comparison key of a name: the same key means the same name.

    NFKC (full-width forms become ASCII), case-folded, punctuation turned to
    spaces, whitespace collapsed (and removed between Chinese characters),
    trailing legal forms stripped ("co ltd", "inc", "股份有限公司").
    """
    s = unicodedata.normalize("NFKC", s).casefold()
    s = _PUNCT.sub(" ", s)
    s = " ".join(s.split())
    s = _SPACE_BETWEEN_CJK.sub("", s)
    changed = True
    while changed:
        changed = False
        words = s.split(" ")
        if len(words) > 1 and words[-1] in _LEGAL_WORDS:
            s = " ".join(words[:-1])
            changed = True
            continue
        for suffix in _LEGAL_ZH:
            if s.endswith(suffix) and len(s) - len(suffix) >= 2:
                s = s[: -len(suffix)].rstrip()
                changed = True
                break
    return s


# A rule candidate is looked up under two or three labels in a row: its
# keys are worked out once.
@functools.lru_cache(maxsize=1 << 14)
def _lookup_keys(surface: str) -> tuple[str, ...]:
    """Keys to try for a surface form, most literal first."""
    keys = [normalise_name(surface)]
    text = unicodedata.normalize("NFKC", surface).strip()
    no_parens = _PARENS.sub(" ", text)
    for variant in (no_parens, text):
        for prefix in _COUNTRY_PREFIXES:
            if variant.startswith(prefix) and len(variant) > len(prefix) + 1:
                keys.append(normalise_name(variant[len(prefix) :]))
                break
    keys.insert(1, normalise_name(no_parens))
    seen: list[str] = []
    for key in keys:
        if key and key not in seen:
            seen.append(key)
    return tuple(seen)


def _fail(path: Path, line_no: int, what: str) -> GazetteerError:
    return GazetteerError(f"{path}:{line_no}: {what}")


def _optional_str(obj: dict, field: str, path: Path, line_no: int) -> str | None:
    value = obj.get(field)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, line_no, f"field {field!r} must be a non-empty string or null")
    return value.strip()


def _parse_line(obj: object, label: str, path: Path, line_no: int) -> GazetteerEntry:
    if not isinstance(obj, dict):
        raise _fail(path, line_no, "expected a JSON object")
    entry_id = obj.get("id")
    if not isinstance(entry_id, str) or not entry_id.strip():
        raise _fail(path, line_no, "missing or empty 'id'")
    name = obj.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(path, line_no, f"entry {entry_id!r}: missing or empty 'name'")
    raw_aliases = obj.get("aliases", [])
    if not isinstance(raw_aliases, list):
        raise _fail(path, line_no, f"entry {entry_id!r}: 'aliases' must be a list")
    name_zh = _optional_str(obj, "name_zh", path, line_no)
    aliases: list[str] = []
    for alias in [name.strip(), name_zh, *raw_aliases]:
        if alias is None:
            continue
        if not isinstance(alias, str) or not alias.strip() or not normalise_name(alias):
            raise _fail(path, line_no, f"entry {entry_id!r}: empty alias {alias!r}")
        alias = alias.strip()
        if alias not in aliases:
            aliases.append(alias)
    return GazetteerEntry(
        id=entry_id.strip(),
        label=label,
        name=name.strip(),
        name_zh=name_zh,
        aliases=tuple(aliases),
        country=_optional_str(obj, "country", path, line_no),
        kind=_optional_str(obj, "kind", path, line_no),
        parent=_optional_str(obj, "parent", path, line_no),
    )


def load_entries(path: Path, label: str) -> list[GazetteerEntry]:
    """Read one JSONL gazetteer file; every entry gets `label`.

    Raises `GazetteerError` ("file:line: what") for malformed JSON, a missing
    id or name, a duplicate id, an empty alias, or an alias that two entries of
    the file share. Blank lines are allowed. A missing file raises
    `GazetteerError` too: only `default_gazetteer` tolerates one.
    """
    path = Path(path)
    if label not in LABELS:
        raise GazetteerError(f"{path}: unknown label {label!r} (expected one of {', '.join(LABELS)})")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"{path}: cannot read gazetteer file: {exc}") from exc
    entries: list[GazetteerEntry] = []
    id_lines: dict[str, int] = {}
    alias_owner: dict[str, tuple[str, int]] = {}
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(path, line_no, f"malformed JSON ({exc.msg} at column {exc.colno})") from exc
        entry = _parse_line(obj, label, path, line_no)
        if entry.id in id_lines:
            raise _fail(path, line_no, f"duplicate id {entry.id!r} (first on line {id_lines[entry.id]})")
        id_lines[entry.id] = line_no
        for alias in entry.aliases:
            key = normalise_name(alias)
            owner = alias_owner.get(key)
            if owner and owner[0] != entry.id:
                raise _fail(
                    path,
                    line_no,
                    f"alias {alias!r} of {entry.id!r} is also an alias of {owner[0]!r} (line {owner[1]})",
                )
            alias_owner[key] = (entry.id, line_no)
        entries.append(entry)
    return entries


class Gazetteer:
    """All gazetteer entries, indexed by id and by normalised surface form."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self._by_id: dict[str, GazetteerEntry] = {}
        self._by_label: dict[str, list[GazetteerEntry]] = {label: [] for label in LABELS}
        self._index: dict[str, dict[str, GazetteerEntry]] = {label: {} for label in LABELS}
        for entry in entries:
            if entry.label not in LABELS:
                raise GazetteerError(f"entry {entry.id!r}: unknown label {entry.label!r}")
            if entry.id in self._by_id:
                raise GazetteerError(f"duplicate id {entry.id!r} across gazetteer files")
            self._by_id[entry.id] = entry
            self._by_label[entry.label].append(entry)
            index = self._index[entry.label]
            for alias in entry.aliases:
                key = normalise_name(alias)
                other = index.get(key)
                if other is not None and other.id != entry.id:
                    raise GazetteerError(
                        f"alias {alias!r} of {entry.id!r} is also an alias of {other.id!r} ({entry.label})"
                    )
                index[key] = entry

    @classmethod
    def from_files(cls, files: dict[Path, str]) -> Gazetteer:
        """Load several files ({path: label}); ids must be unique across them."""
        entries: list[GazetteerEntry] = []
        seen: dict[str, Path] = {}
        for path, label in files.items():
            for entry in load_entries(path, label):
                if entry.id in seen:
                    raise GazetteerError(f"{path}: id {entry.id!r} is already used in {seen[entry.id]}")
                seen[entry.id] = path
                entries.append(entry)
        return cls(entries)

    def __len__(self) -> int:
        return len(self._by_id)

    def entries(self, label: str) -> list[GazetteerEntry]:
        """Every entry of one label, in file order."""
        return list(self._by_label.get(label, ()))

    def get(self, entry_id: str) -> GazetteerEntry | None:
        """The entry with this canonical id, or None."""
        return self._by_id.get(entry_id)

    def lookup(self, surface: str, label: str | None = None) -> GazetteerEntry | None:
        """The entry a surface form names, or None.

        With no label, COMPANY is tried first, then DRUG, then NON_COMPANY,
        for each key in turn (the literal key before the prefix-stripped one).
        """
        if not isinstance(surface, str) or not surface.strip():
            return None
        labels = LABELS if label is None else (label,)
        for key in _lookup_keys(surface):
            for lab in labels:
                hit = self._index.get(lab, {}).get(key)
                if hit is not None:
                    return hit
        return None

    def surface_forms(self, label: str) -> dict[str, str]:
        """Every alias of the label's entries, as written, mapped to its entry id."""
        return {alias: entry.id for entry in self._by_label.get(label, ()) for alias in entry.aliases}

    def jieba_words(self) -> list[str]:
        """Every alias holding Chinese characters, for jieba's user dictionary.

        Sorted and without duplicates, so loading them is deterministic.
        """
        words = {
            alias
            for entries in self._by_label.values()
            for entry in entries
            for alias in entry.aliases
            if has_cjk(alias)
        }
        return sorted(words)


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer of ``nlp/data``, loaded once per process.

    A missing companies/drugs/non_companies file is read as empty (with a
    logged warning) so that one room can work while another's data is still
    being written; a malformed file always raises `GazetteerError`. The
    parsed result is cached on disk, keyed by the files' bytes.
    """
    files: dict[Path, str] = {}
    for filename, label in DEFAULT_FILES.items():
        path = DATA_DIR / filename
        if path.exists():
            files[path] = label
        else:
            log.warning("gazetteer file %s is missing; reading it as empty", path)
    # Parsed once per data version, then unpickled (nlp.gazetteer_cache).
    return cached("gazetteer", files, (Path(__file__),), lambda: Gazetteer.from_files(files))
