"""Rules for companies the gazetteer does not know (``nlp/data/company_rules.jsonl``).

English names ending in corporate words or legal forms, Chinese names ending
in an industry word (医药, 生物科技 ...) with their legal form, and context
cues (与X签署, agreement with X, X announced). Each yields candidates that
`nlp.companies.classify` has judged.
"""

from __future__ import annotations

import bisect
import re

import jieba
from spacy.tokens import Doc

from nlp.companies.candidates import Cand
from nlp.companies.classify import NameClassifier
from nlp.companies.rules import CompanyRules, en_name_regex, zh_name_regex, zh_placed_firm_regex
from nlp.companies.spans import token_offsets
from nlp.doc_text import doc_text
from nlp.gazetteer import has_cjk
from nlp.regex_anchors import regex_anchors

# A Chinese word this frequent in jieba's dictionary is an ordinary word
# (开展, 代理), not part of a company name.
COMMON_WORD_FREQ = 2000
# Without a legal form (有限公司) the name part must be rarer still: 高端医疗,
# 东南亚医药 are phrases, 华海药业 a company.
RARE_WORD_FREQ = 200
# The word in front of a split-off character (天明|康) may be this frequent.
UNIT_WORD_FREQ = 500
# A name before a firm word (科技, 实业) with no legal form: hardly ever a
# dictionary word at all (兆维, not 人工智能).
NAME_WORD_FREQ = 50
# Words in front of a name that are not part of it: years, "Copenhagen-based".
_ZH_INVESTOR_TAIL = re.compile(r"(?:资本|创投|基金|投资)$")
# A name followed by one of these is a place, not a company.
_PLACE_NOUN = re.compile(
    r" (?:[Dd]istrict|[Cc]ounty|[Pp]rovince|[Pp]refecture|[Tt]ownship|[Vv]illage|[Ss]treet|[Rr]oad|"
    r"[Aa]venue|[Hh]igh-[Tt]ech [Zz]one|[Dd]evelopment [Zz]one|[Nn]ew [Aa]rea|[Ii]ndustrial [Pp]ark|[Cc]ity|"
    # "buy Boulder plant": a site changes hands, the name is its town
    r"[Pp]lant|[Ss]ite|[Ff]acility|[Ff]actory|[Cc]ampus)\b"
)
# An industry word followed by one of these is a sector (集聚生物医药企业超千家), not a name.
# So is one followed by a product word (银屑病生物制剂: biologics for a disease).
_ZH_SECTOR_NOUN = re.compile(r"企业|产业|行业|领域|板块|赛道|集群|制剂|类似药|药物|药品")
# A firm word followed by one of these names a site (张江科技城, 科技园).
_ZH_SITE_NOUN = re.compile(r"[城园港谷镇馆区]")
_INDEX_NOUN = re.compile(r" (?:[Ii]ndex|[Ii]ndices|[Ii]ndexes)\b")
_POSSESSIVE = re.compile(r"['’]s\Z")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_LEAD_NOISE = re.compile(r"[0-9]+|[A-Za-z]+-(?:based|headquartered)")


class NameRules:
    """Company names found by their shape or their context, not by the gazetteer."""

    def __init__(self, rules: CompanyRules, classifier: NameClassifier) -> None:
        self.rules = rules
        self.classifier = classifier
        self.en_regex = en_name_regex(rules)
        self.zh_regex = zh_name_regex(rules)
        self.zh_firm_regex = zh_placed_firm_regex(rules)
        self._zh_legal = tuple(rules.words.get("zh_legal", ()))
        self._vague_lead = tuple((rules.stop or {}).get("vague_lead", ())) or ("某",)
        # Each cue with the strings one of which its every match holds: a text
        # without them cannot match, so the regex is not run on it.
        self._cues = {
            kind: tuple((regex, _split_needed(regex_anchors(regex))) for regex in regexes)
            for kind, regexes in rules.cues.items()
        }

    # -- English names ending in corporate words
    def en_cands(self, text: str) -> list[Cand]:
        out = []
        for m in self.en_regex.finditer(text):
            tail = re.sub(r"\([^)]*\)", "", m.group("tail"))
            if not tail.strip(" ,"):
                continue
            words = m.group("name").split(" ")
            start = m.start("name")
            # Drop leading sentence words ("Under", "The", "Chinese") and
            # lowercase joiners left at the front.
            while words and (
                self.rules.has("en_lead_stop", words[0])
                or words[0] in ("of", "and", "&")
                or _LEAD_NOISE.fullmatch(words[0])
                # Chinese places stay: they belong to the legal name.
                or (self.rules.stopped(words[0]) and not self.rules.has("place", words[0]) and len(words) > 1)
            ):
                start += len(words[0]) + 1
                words = words[1:]
            # "Singapore's", "Hong Kong's": a place's possessive leads the
            # name in, it is not part of it (Dr. Reddy's is no place).
            lead = self._place_possessive(words)
            if lead:
                start += sum(len(w) + 1 for w in words[:lead])
                words = words[lead:]
            # "Jenner Institute and Cerulean AI Inc.": a name that already
            # ended before "and" is another party, not part of this name;
            # so is a known company or an acronym (EDBI and Pavilion Capital).
            joins = [k for k, w in enumerate(words) if w in ("and", "&") and k > 0]
            if joins and (
                self._ends_name(words[joins[-1] - 1]) or self._whole_party(words[: joins[-1]], words[joins[-1] + 1 :])
            ):
                cut = joins[-1] + 1
                start += sum(len(w) + 1 for w in words[:cut])
                words = words[cut:]
            if not words:
                continue
            if words[-1] in ("of", "and", "&", "de", "la"):
                continue
            end = m.end()
            while end > start and text[end - 1] in " ,":
                end -= 1
            # "Nordic Biotech Daily": a name that goes on with a media word is
            # the outlet (page chrome), never a company.
            after = re.match(r" ([A-Z][a-z]+)", text[end : end + 20])
            if after and self.rules.stopped(after.group(1), ("media",)):
                continue
            if _INDEX_NOUN.match(text, end):
                continue  # "Hang Seng Healthcare index": a stock index
            # "Medical Research Council": the name goes on into an institution word.
            more = re.match(r"(?: [A-Z][a-z]+){1,3}", text[end : end + 50])
            if more and any(self.rules.has("non_company_word", w) for w in more.group().split()):
                continue
            cand = self.classifier.classify(start, end, text, 1)
            if cand:
                out.append(cand)
        return out

    def _place_possessive(self, words: list[str]) -> int:
        """How many leading words are a place ending in a possessive
        ("Singapore's", "Hong Kong's"), with a name after them; else 0."""
        for k, w in enumerate(words[:3]):
            stem = _POSSESSIVE.sub("", w)
            if stem == w:
                if not self._is_place(w):
                    return 0
                continue
            return k + 1 if self._is_place(stem) and k + 1 < len(words) else 0
        return 0

    def _is_place(self, word: str) -> bool:
        return self.rules.stopped(word, ("place", "demonym")) or self.rules.has("place", word)

    def _whole_party(self, before: list[str], after: list[str]) -> bool:
        """The words before "and" are a party of their own: a known company or
        an acronym (EDBI), and the words after it still make a name."""
        if not before or not after or not after[0][:1].isupper():
            return False
        if len(before) == 1 and re.fullmatch(r"[A-Z]{3,6}", before[0]):
            return True
        return self.classifier.gaz.lookup(" ".join(before), "COMPANY") is not None

    def _ends_name(self, word: str) -> bool:
        """A word that closes a name: a corporate word, legal form or institution word."""
        word = word.rstrip(",")
        return any(self.rules.has(k, word) for k in ("en_corp_word", "en_legal", "non_company_word"))

    # -- Chinese names ending in an industry word
    def zh_cands(self, doc: Doc, offsets: tuple[list[int], list[int]] | None = None) -> list[Cand]:
        """`offsets`: the Doc's `token_offsets`, when the caller has them already."""
        text = doc_text(doc)
        if not has_cjk(text):
            return []
        # Token ends (sorted), searched by bisect; Token objects are built
        # only where a name ends.
        # Token texts are read as slices of the text at these offsets: the
        # same strings as `doc[i].text`, without building a Token each.
        starts, ends = token_offsets(doc) if offsets is None else offsets
        out = []
        for m in self.zh_regex.finditer(text):
            legal = m.group().endswith(self._zh_legal)
            if not legal and _ZH_SECTOR_NOUN.match(text, m.end()):
                continue
            start = self._zh_name_start(text, m.start(), starts, ends, legal)
            if start is None:
                continue
            cand = self.classifier.classify(start, m.end(), text, 1)
            if cand:
                out.append(cand)
        return out + self._zh_placed_firms(text, starts, ends)

    def _zh_placed_firms(self, text: str, starts: list[int], ends: list[int]) -> list[Cand]:
        """上海|兆维|科技: a place, a name of no dictionary word and a firm word
        (科技, 实业) is a company even without a legal form."""
        out = []
        if self.zh_firm_regex is None:
            return out
        for m in self.zh_firm_regex.finditer(text):
            a, b = m.span("name")
            first = bisect.bisect_left(starts, a)
            last = bisect.bisect_left(starts, b)
            # The name is whole tokens: it starts and ends at token edges.
            if first >= len(starts) or starts[first] != a or last >= len(starts) or starts[last] != b:
                continue
            k = bisect.bisect_left(ends, m.end())
            if k >= len(ends) or ends[k] != m.end():
                continue  # 科技|园区 read as one word: a place, not a firm
            if _ZH_SECTOR_NOUN.match(text, m.end()) or _ZH_SITE_NOUN.match(text, m.end()):
                continue  # 科技企业, 科技城: a sector or a site, not a firm
            name = m.group("name")
            words = [text[starts[k] : ends[k]] for k in range(first, last)]
            if jieba.dt.FREQ.get(name, 0) >= NAME_WORD_FREQ or any(self._not_name_char(c) for c in name):
                continue
            # Single characters (璟|澜) are judged together, as the name above.
            if any(
                len(w) > 1 and (jieba.dt.FREQ.get(w, 0) >= RARE_WORD_FREQ or self.rules.has("zh_sector_word", w))
                for w in words
            ):
                continue
            cand = self.classifier.classify(m.start(), m.end(), text, 1)
            if cand:
                out.append(cand)
        return out

    def _zh_name_start(self, text: str, pos: int, starts: list[int], ends: list[int], legal: bool) -> int | None:
        """Walk back from the industry word over name-like tokens: at most two
        name tokens (or one Latin name), plus a place in front of a legal name."""
        # The last token ending at `pos` (as a dict of end -> index gave).
        last = bisect.bisect_right(ends, pos) - 1
        limit = COMMON_WORD_FREQ if legal else RARE_WORD_FREQ
        name_chars = 0
        start = pos
        taken = 0
        if last < 0 or ends[last] != pos:
            # jieba read the name's last characters with the industry word's
            # first (星|衍生物|科技有限公司): with a legal form, the characters
            # in front of the industry word and the single ones before them
            # are one name word, judged as a whole.
            head = self._straddled_head(text, pos, starts, ends, last + 1, limit) if legal else None
            if head is None:
                return None
            start, i = head
            name_chars = pos - start
            taken = 1
        else:
            i = last
        while i >= 0 and taken < 3:
            idx = starts[i]
            w = text[idx : ends[i]]
            unit = self._rare_word_and_char(text, starts, ends, i, limit)
            if unit and name_chars + len(unit) <= 5:
                # 普米|康|生物: an unknown name cut into a rare word and a
                # common character (康, 达), judged as a whole.
                name_chars += len(unit)
                start = starts[i - 1]
                taken += 1
                i -= 2
                continue
            run = self._single_char_run(text, starts, ends, i)
            if run > 1:
                # jieba cuts a name it does not know (晟科, 璟石) into single
                # characters: the run is one name word, judged as a whole.
                idx = starts[i - run + 1]
                w = text[idx : ends[i]]
                if jieba.dt.FREQ.get(w, 0) >= limit or name_chars + len(w) > 5:
                    break
                name_chars += len(w)
                start = idx
                taken += 1
                i -= run
                if i >= 0 and text[starts[i] : ends[i]].isspace():
                    break
                continue
            if self.rules.has("zh_stop", w) or self.rules.has("country", w):
                break
            lead = 1
            while lead < len(w) - 2 and self.rules.has("zh_stop", w[lead]):
                lead += 1  # 乃由岚晟: two joiners glued on
            rest = w[lead:]
            if (
                len(w) >= 3
                and self.rules.has("zh_stop", w[0])
                and not w.startswith(self._vague_lead)  # 某中德: an unnamed company
                and not jieba.dt.FREQ.get(w)
                and jieba.dt.FREQ.get(rest, 0) < limit
                and name_chars + len(rest) <= 5
                and CJK_RUN.fullmatch(rest)
            ):
                # jieba's guesser glued a joiner to an unknown name (与晟科):
                # the name starts after the joiner and goes no further back.
                name_chars += len(rest)
                start = idx + lead
                break
            if self.rules.has("place", w):
                if name_chars:  # a place in front of a name belongs to the legal name
                    start = idx
                break
            if re.fullmatch(r"[\u4e00-\u9fff]+", w):
                if len(w) > 1 and self.rules.has("zh_descriptor_tail", w[-1]):
                    break  # 新冠类, 小型, 创新型: a kind of product or firm, not a name
                if jieba.dt.FREQ.get(w, 0) >= limit and not self.rules.has("zh_suffix", w):
                    if name_chars and self._leading_char(text, starts, ends, i, pos):
                        # 与|达|联康|生物: a common character opening the
                        # name right after a joiner is its first character.
                        start = starts[i]
                        break
                    if not (name_chars == 0 and self._placed_word(text, starts, ends, i)):
                        break
                    # 昆明|圣火|药业: a word of middling frequency between a
                    # place and the industry word is the name; the place goes with it.
                    name_chars += len(w)
                    start = starts[i - 1]
                    break
                if any(self.rules.has("zh_stop", ch) for ch in w) and len(w) <= 2:
                    break
                if len(w) > 4 or name_chars + len(w) > 5:
                    break
            elif re.fullmatch(r"[A-Za-z][A-Za-z0-9\-]*", w):
                if name_chars or self.rules.stopped(w):
                    break  # AI制药: a trade, not a name
            else:
                break
            name_chars += len(w)
            start = idx
            taken += 1
            i -= 1
            if i >= 0 and text[starts[i] : ends[i]].isspace():
                break
        if not name_chars:
            return None
        return start

    def _straddled_head(
        self, text: str, pos: int, starts: list[int], ends: list[int], k: int, limit: int
    ) -> tuple[int, int] | None:
        """The name's start and the token before it, when token `k` runs over
        `pos` (衍 of 衍生物 before 生物): its characters before `pos`, with the
        single characters in front, make a name word of 2-4 characters that
        is no common word."""
        if k >= len(starts) or not starts[k] < pos < ends[k]:
            return None
        start = starts[k]
        i = k - 1
        while i >= 0 and pos - start < 4:
            w = text[starts[i] : ends[i]]
            if len(w) != 1 or not CJK_RUN.fullmatch(w) or self._not_name_char(w):
                break
            start = starts[i]
            i -= 1
        name = text[start:pos]
        if not 2 <= len(name) <= 4 or not CJK_RUN.fullmatch(name) or self._not_name_char(name[0]):
            return None
        if jieba.dt.FREQ.get(name, 0) >= limit:
            return None
        return start, i

    def _rare_word_and_char(self, text: str, starts: list[int], ends: list[int], i: int, limit: int) -> str | None:
        """普米|康 before 生物: a single common character (token `i`) after a
        rare two- or three-character word is one unknown name, when the two
        together are no common word; else None."""
        if i < 1:
            return None
        ch = text[starts[i] : ends[i]]
        word = text[starts[i - 1] : ends[i - 1]]
        if len(ch) != 1 or not CJK_RUN.fullmatch(ch) or self._not_name_char(ch):
            return None
        # A word of middling-low frequency (天明) still makes a name with a
        # character after it; sector words (抗体) do not.
        if not 2 <= len(word) <= 3 or not CJK_RUN.fullmatch(word) or jieba.dt.FREQ.get(word, 0) >= UNIT_WORD_FREQ:
            return None
        if self.rules.has("zh_sector_word", word):
            return None
        if (
            any(self._not_name_char(c) for c in word)
            or self.rules.has("place", word)
            or self.rules.has("country", word)
        ):
            return None
        if jieba.dt.FREQ.get(word + ch, 0) >= limit:
            return None
        return word + ch

    def _leading_char(self, text: str, starts: list[int], ends: list[int], i: int, pos: int) -> bool:
        """Token `i` is a single character, no joiner, affix or region, after a
        joiner, punctuation or the text's start, and with the name after it
        (up to `pos`) makes no common word of at most five characters."""
        ch = text[starts[i] : ends[i]]
        if len(ch) != 1 or not CJK_RUN.fullmatch(ch) or self._not_name_char(ch):
            return False
        if self.rules.has("zh_region_char", ch) or self.rules.has("country", ch):
            return False
        name = text[starts[i] : pos]
        if len(name) > 5 or not CJK_RUN.fullmatch(name) or jieba.dt.FREQ.get(name, 0) >= RARE_WORD_FREQ:
            return False
        if i == 0:
            return True
        before = text[starts[i - 1] : ends[i - 1]]
        return self.rules.has("zh_stop", before) or not CJK_RUN.fullmatch(before)

    def _placed_word(self, text: str, starts: list[int], ends: list[int], i: int) -> bool:
        """Token `i` is a two- or three-character word, neither common nor a
        sector word (高端, 精准), right after a place (昆明|圣火)."""
        w = text[starts[i] : ends[i]]
        if i < 1 or not 2 <= len(w) <= 3 or self.rules.has("zh_sector_word", w) or self.rules.has("zh_stop", w):
            return False
        if jieba.dt.FREQ.get(w, 0) >= COMMON_WORD_FREQ or any(self._not_name_char(c) for c in w):
            return False
        return self.rules.has("place", text[starts[i - 1] : ends[i - 1]])

    def _not_name_char(self, ch: str) -> bool:
        """A character that is a joiner or an affix (的, 类, 型), never part of a name."""
        return self.rules.has("zh_stop", ch) or self.rules.has("zh_affix_char", ch) or self.rules.has("place", ch)

    def _zh_cue_name_ok(self, name: str) -> bool:
        """A Chinese name a cue found (恒信投资): its part before the industry
        word is no ordinary word (加大投资) and does not start with a joiner."""
        if not CJK_RUN.fullmatch(name):
            return True
        head = _ZH_INVESTOR_TAIL.sub("", name)
        if self.rules.has("zh_stop", head[:1]) or self.rules.has("zh_stop", head[:2]):
            return False
        return jieba.dt.FREQ.get(head, 0) < COMMON_WORD_FREQ

    def _single_char_run(self, text: str, starts: list[int], ends: list[int], i: int) -> int:
        """How many single Chinese characters (no stop word) end at token `i`, at most three."""
        n = 0
        while i - n >= 0 and n < 3:
            w = text[starts[i - n] : ends[i - n]]
            if len(w) != 1 or not "\u4e00" <= w <= "\u9fff" or self.rules.has("zh_stop", w):
                break
            if self.rules.has("place", w) or self.rules.has("country", w):
                break
            n += 1
        return n

    # -- context cues
    def cue_cands(self, text: str) -> list[Cand]:
        kinds = ("zh_cue",) if has_cjk(text) else ()
        kinds += ("en_cue",)
        out = []
        # The text's ASCII characters alone (the others dropped): an ASCII
        # word in the text is in them too, and in a Chinese text they are
        # few, so looking for English cue words there is quick. (A word made
        # up across a dropped character only lets the regex run in vain.)
        latin = text.encode("ascii", "ignore")
        for kind in kinds:
            for regex, needed in self._cues.get(kind, ()):
                if needed is not None and not (any(w in latin for w in needed[0]) or any(w in text for w in needed[1])):
                    continue
                for m in regex.finditer(text):
                    start, end = m.span("name")
                    words = m.group("name").split(" ")
                    while words and self.rules.has("en_lead_stop", words[0]):
                        start += len(words[0]) + 1
                        words = words[1:]
                    while len(words) > 1 and self.rules.has("generic_tail", words[-1]):
                        end -= len(words[-1]) + 1
                        words = words[:-1]
                    if not words or len(" ".join(words)) < 3:
                        continue
                    if any(self.rules.has("place", w) or self.rules.has("en_lead_stop", w) for w in words):
                        continue
                    if not self._zh_cue_name_ok(m.group("name")):
                        continue
                    if _PLACE_NOUN.match(text, end):
                        continue  # Beijing's Changping district: a place
                    cand = self.classifier.classify(start, end, text, 0)
                    if cand:
                        out.append(cand)
        return out


def _split_needed(needed: tuple[str, ...] | None) -> tuple[tuple[bytes, ...], tuple[str, ...]] | None:
    """`regex_anchors` as (ASCII words as bytes, other words), or None for no prefilter."""
    if not needed:
        return None
    ascii_words = tuple(sorted(w.encode("ascii") for w in needed if w.isascii()))
    return ascii_words, tuple(sorted(w for w in needed if not w.isascii()))
