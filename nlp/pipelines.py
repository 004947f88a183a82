"""The one place the spaCy pipelines are built: `get_pipeline("zh" | "en")`.

Both pipelines are blank (no pretrained model) unless the user names a
trained one in ``PHARMANEWS_SPACY_MODEL_ZH`` / ``PHARMANEWS_SPACY_MODEL_EN``;
either way our components are added in this order: sentences, companies,
drugs, amounts, cooperations. The zh pipeline segments with jieba, whose
user dictionary gets every Chinese gazetteer word before the first text, so
names like 信达生物制药 stay whole.
"""

from __future__ import annotations

import bisect
import importlib
import logging
import os
import threading
from functools import cache

import jieba
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from nlp import extensions
from nlp.doc_arrays import token_bounds
from nlp.doc_text import TextKeepingTokenizer, doc_text
from nlp.gazetteer import default_gazetteer
from nlp.sentencizer import ArraySentencizer  # noqa: F401 - registers the factory
from nlp.zh_tokenizer import JiebaTokenizer

extensions.register()
log = logging.getLogger(__name__)

LANGS = ("zh", "en")
MODEL_ENV = {"zh": "PHARMANEWS_SPACY_MODEL_ZH", "en": "PHARMANEWS_SPACY_MODEL_EN"}
# Our components, in pipeline order, with the module that registers each.
COMPONENTS = (
    ("pharmanews_companies", "nlp.components.companies"),
    ("pharmanews_drugs", "nlp.components.drugs"),
    ("pharmanews_amounts", "nlp.components.amounts"),
    ("pharmanews_cooperations", "nlp.components.cooperations"),
)
SENTENCE_PUNCT = ["。", "！", "？", "；", "!", "?", ".", "…", "!", "?", "。"]

_lock = threading.Lock()
_jieba_ready = False


class PipelineError(RuntimeError):
    """A pipeline cannot be built (unknown language, a named model that will not load)."""


@Language.component("pharmanews_lines")
def line_breaks(doc: Doc) -> Doc:
    """Every line is its own sentence: headlines, list items and table rows
    carry no final punctuation but never run on into the next line."""
    if len(doc) < 2 or "\n" not in doc_text(doc):
        return doc
    # Token offsets as lists, shared with the later steps (nlp.doc_arrays):
    # building a Token per token costs more than the rest of this component.
    starts, ends = token_bounds(doc)
    text = doc_text(doc)
    opens: list[int] = []
    pos = text.find("\n")
    while pos >= 0:
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and pos < ends[i]:
            # Token i holds this newline: the next token, if not blank, opens a sentence.
            if i + 1 < len(starts) and not doc[i + 1].is_space:
                opens.append(i + 1)
            pos = text.find("\n", ends[i])
        else:
            pos = text.find("\n", pos + 1)
    if opens:
        if doc.has_annotation("DEP"):
            doc[opens[0]].is_sent_start = True  # raises spaCy's own error (E043)
        # Token.is_sent_start's setter scans the whole Doc (has_annotation) on
        # every call, quadratic on long text: set the column in one go instead.
        column = doc.to_array([SENT_START])
        column[opens] = 1
        doc.from_array([SENT_START], column)
    return doc


def prepare_jieba() -> None:
    """Quiet jieba and load the gazetteer's Chinese words, once per process."""
    global _jieba_ready
    with _lock:
        if _jieba_ready:
            return
        jieba.setLogLevel(logging.WARNING)
        # jieba's suggested frequency keeps each word whole without letting
        # it eat into its neighbours: a fixed huge one cut 中国药企 as 中/国药/企.
        for word in default_gazetteer().jieba_words():
            jieba.add_word(word)
        _jieba_ready = True


def _base(lang: str) -> Language:
    name = os.environ.get(MODEL_ENV[lang], "").strip()
    if name:
        try:
            nlp = spacy.load(name)
        except Exception as exc:  # spaCy raises OSError, ValueError, ImportError ...
            raise PipelineError(
                f"cannot load the spaCy model {name!r} named by {MODEL_ENV[lang]}: {exc}. "
                f"Install it (python -m spacy download / pip install) or unset {MODEL_ENV[lang]}."
            ) from exc
        if nlp.lang != lang:
            raise PipelineError(f"{MODEL_ENV[lang]}={name!r} is a {nlp.lang!r} model, not {lang!r}")
        return nlp
    if lang == "zh":
        return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    return spacy.blank("en")


@cache
def get_pipeline(lang: str) -> Language:
    """The cached pipeline of `lang` ("zh" or "en")."""
    if lang not in LANGS:
        raise PipelineError(f"no pipeline for language {lang!r}; expected one of {', '.join(LANGS)}")
    if lang == "zh":
        prepare_jieba()
    nlp = _base(lang)
    # A trained model may bring its own parser/senter; keep its sentences then.
    if not nlp.has_pipe("parser") and not nlp.has_pipe("senter"):
        # spaCy's rule sentencizer, computed on arrays (nlp.sentencizer).
        nlp.add_pipe("pharmanews_sentencizer", name="sentencizer", config={"punct_chars": SENTENCE_PUNCT})
        nlp.add_pipe("pharmanews_lines")
    if lang == "zh":
        nlp.tokenizer = JiebaTokenizer(nlp.tokenizer)
    nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    for name, module in COMPONENTS:
        importlib.import_module(module)  # registers the factory
        nlp.add_pipe(name)
    return nlp


def component_names(lang: str) -> list[str]:
    """The pipe names of a language's pipeline, in order (for tests and docs)."""
    return list(get_pipeline(lang).pipe_names)
