"""The "pharmanews_companies" component: every company the text names.

Two sources of mentions, resolved together longest-first so a name that is
only part of a longer mention never stands alone:

- the gazetteer: every alias of a company (and of a non-company, which then
  blocks the place and is dropped) found in ``doc.text``
  (`nlp.companies.gazetteer_match`);
- rules (``nlp/data/company_rules.jsonl``) for companies the gazetteer does not
  know: English names ending in corporate words or legal forms, Chinese names
  ending in an industry word (医药, 生物科技 ...) with their legal form, and
  context cues (与X签署, agreement with X, X announced) (`nlp.companies.name_rules`).

Then the outlet's own name goes, names listed with a found company join, and
short forms are added. An unknown company gets the id ``new:<normalised
name>``; its short forms in the same text ("Rongchang Bio" for "Rongchang
Biopharma (Yantai) Co., Ltd.") share one id. Spans go to
``doc.spans["companies"]``. This module only wires the passes of
`nlp.companies` together; each pass lives in its own module there.
"""

from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from nlp import extensions
from nlp.companies.candidates import resolve
from nlp.companies.classify import NameClassifier
from nlp.companies.gazetteer_match import GazetteerMatcher, KnownSpans
from nlp.companies.grouping import group_unknown
from nlp.companies.lists import ListedNames, ZhInvestorList
from nlp.companies.name_rules import COMMON_WORD_FREQ, RARE_WORD_FREQ, NameRules
from nlp.companies.outlets import drop_outlets
from nlp.companies.rules import NEVER_COMPANY, RULES_PATH, STOP_PATH, CompanyRules, load_rules, load_stop_words
from nlp.companies.short_forms import ShortForms
from nlp.companies.spans import CJK_CHAR, cjk_aligned, set_char_spans, token_edges, token_offsets
from nlp.doc_text import doc_text
from nlp.gazetteer import Gazetteer, default_gazetteer, has_cjk

extensions.register()

SPAN_KEY = "companies"

# Names other modules imported from here before the split stay importable.
__all__ = [
    "COMMON_WORD_FREQ",
    "NEVER_COMPANY",
    "RARE_WORD_FREQ",
    "RULES_PATH",
    "SPAN_KEY",
    "STOP_PATH",
    "CompanyFinder",
    "CompanyRules",
    "cjk_aligned",
    "load_rules",
    "load_stop_words",
    "make_company_finder",
    "set_char_spans",
    "token_edges",
]


class CompanyFinder:
    """Finds company mentions in a Doc (see the module docstring)."""

    def __init__(self, gazetteer: Gazetteer, rules: CompanyRules) -> None:
        self.gaz = gazetteer
        self.rules = rules
        self.short_forms = ShortForms(gazetteer, rules)
        self.classifier = NameClassifier(gazetteer, rules, self.short_forms.short)
        self.gazetteer_matcher = GazetteerMatcher(gazetteer, rules, self.classifier)
        self.name_rules = NameRules(rules, self.classifier)
        self.listed = ListedNames(rules, self.classifier)
        self.investor_list = ZhInvestorList(rules, self.classifier)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        # Both Chinese passes read token offsets; the Doc is not changed before
        # `set_char_spans`, so one read serves both.
        offsets = token_offsets(doc) if CJK_CHAR.search(text) or has_cjk(text) else None
        known = list(self.gazetteer_matcher.candidates(doc, offsets))
        rule = self.name_rules.en_cands(text) + self.name_rules.zh_cands(doc, offsets) + self.name_rules.cue_cands(text)
        rule += self.investor_list.cands(text)
        index = KnownSpans(known)
        cands = known + [c for r in rule if (c := self.gazetteer_matcher.against_known(r, index, text))]
        chosen = resolve(cands)
        chosen = [c for c in chosen if c.company]
        chosen = drop_outlets(chosen, text, self.rules)
        chosen += self.listed.coordinated(chosen, text)
        group_unknown(chosen, text)
        chosen += self.short_forms.new_company_cands(chosen, text)
        chosen += self.short_forms.known_cands(chosen, text)
        chosen.sort(key=lambda c: c.start)
        items = [
            (
                c.start,
                c.end,
                {"entity_id": c.entity_id, "canonical": c.canonical, "known": c.known, "name_zh": c.name_zh},
            )
            for c in chosen
        ]
        set_char_spans(doc, SPAN_KEY, items)
        return doc


@Language.factory("pharmanews_companies")
def make_company_finder(nlp: Language, name: str) -> CompanyFinder:
    return _shared_finder()


@cache
def _shared_finder() -> CompanyFinder:
    # One finder for both pipelines: it keeps no per-Doc state, and building
    # its scanner and rule regexes is most of a pipeline's start-up.
    return CompanyFinder(default_gazetteer(), load_rules())
