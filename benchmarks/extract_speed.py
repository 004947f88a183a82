"""Speed and memory of the full extraction, beside bare segmentation.

Builds a corpus of at least 5 MB (UTF-8) per language from the sentences of
the test fixtures and the shared dev documents, then measures, single
process, in CPU time, on alternating chunks of the corpus: extract() chars/s, jieba.lcut chars/s (zh) or the blank English
spaCy tokenizer chars/s (en), the start-up cost (first extract) and the peak
resident memory. Run by hand:
``.venv/bin/python benchmarks/extract_speed.py [--mb 5] [--long]``.
``--long`` also times one long document of N articles against one of 4N:
linear code takes about 4 times as long.

The corpus is built so no cache flatters either side: sentences (not whole
paragraphs) are shuffled into new paragraphs, every number is redrawn, and
some capitalised Latin words get a new spelling (spaCy's tokenizer caches
each distinct chunk, so a corpus of a few repeated paragraphs would make
the bare tokenizer look several times faster than on real news).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import jieba  # noqa: E402
import spacy  # noqa: E402
from langdetect.detector_factory import init_factory  # noqa: E402

from nlp import extract  # noqa: E402
from nlp.language import segments  # noqa: E402

SOURCES = [ROOT / "tests" / "fixtures" / "nlp", ROOT.parent / "shared" / "eval" / "dev" / "docs"]
DOC_CHARS = 3000  # about one news article per extract() call


# Sentence ends: Chinese full-width punctuation, or Latin .!? before a space.
_SENTENCE = re.compile(r"[^。！？；]+?(?:[。！？；]+|[.!?](?=\s)|$)\s*")
_NUMBER = re.compile(r"\d+")
_NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{3,}")


def sentences_by_lang() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"zh": [], "en": []}
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")) if folder.exists() else []:
            text = path.read_text(encoding="utf-8", errors="replace")
            for start, end, lang in segments(text):
                for para in text[start:end].split("\n"):
                    out[lang].extend(m.group().strip() for m in _SENTENCE.finditer(para) if m.group().strip())
    return out


def _vary(sentence: str, rng: random.Random) -> str:
    """The sentence with fresh numbers and, now and then, a renamed word."""
    sentence = _NUMBER.sub(lambda m: str(rng.randrange(10 ** (len(m.group()) - 1), 10 ** len(m.group()))), sentence)

    def rename(m: re.Match) -> str:
        word = m.group()
        if rng.random() > 0.3:
            return word
        inner = list(word[1:])
        rng.shuffle(inner)
        return word[0] + "".join(inner)

    return _NAME.sub(rename, sentence)


def build_docs(sentences: list[str], megabytes: float, seed: int = 0) -> list[str]:
    """Articles of about DOC_CHARS chars, >= megabytes of UTF-8 in all: paragraphs
    of one to four shuffled, varied sentences."""
    rng = random.Random(seed)
    docs, size = [], 0
    while size < megabytes * 1_000_000:
        paras, length = [], 0
        while length < DOC_CHARS:
            para = " ".join(_vary(rng.choice(sentences), rng) for _ in range(rng.randint(1, 4)))
            paras.append(para)
            length += len(para)
        doc = "\n\n".join(paras)
        docs.append(doc)
        size += len(doc.encode("utf-8"))
    return docs


def rss_mb() -> float:
    # ru_maxrss is KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_side_by_side(base, full, docs: list[str], chunk: int = 10) -> tuple[float, float]:
    """Chars per second of `base` and of `full`, timed on alternating chunks of
    `docs`: on a shared machine whose speed drifts (other tenants, clock
    scaling), both see the same conditions, so their ratio holds still where
    two back-to-back loops gave ratios 0.36 to 0.51 for the same code."""
    spent = [0.0, 0.0]
    for i in range(0, len(docs), chunk):
        part = docs[i : i + chunk]
        for side, fn in enumerate((base, full)):
            start = time.process_time()
            for d in part:
                fn(d)
            spent[side] += time.process_time() - start
    chars = sum(len(d) for d in docs)
    return chars / spent[0], chars / spent[1]


def scaling(docs: list[str], n: int = 4, factor: int = 4) -> tuple[int, int, float, float]:
    """CPU seconds of extract() on one text of `n` articles and on one of
    `n * factor` (distinct articles, so no cache helps the long one)."""
    short, long_ = "\n\n".join(docs[:n]), "\n\n".join(docs[: n * factor])
    times = []
    for text in (short, long_):
        start = time.process_time()
        extract(text)
        times.append(time.process_time() - start)
    return len(short), len(long_), times[0], times[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=5.0, help="corpus size per language in MB (default 5)")
    ap.add_argument("--long", action="store_true", help="also time one 4x longer document (super-linear steps)")
    args = ap.parse_args(argv)
    sentences = sentences_by_lang()
    # Start-up: build both pipelines (gazetteer, jieba dictionary) on the first text, and
    # load langdetect's profiles, which the first script-ambiguous paragraph would
    # otherwise load inside a timed loop (a once-per-process cost, ~0.5 s).
    start = time.process_time()
    extract("恒瑞医药与辉瑞合作。\n\nPfizer and Hengrui agreed.")
    init_factory()
    startup = time.process_time() - start
    en_tokenizer = spacy.blank("en").tokenizer
    rows, longs = [], []
    for lang in ("zh", "en"):
        docs = build_docs(sentences[lang], args.mb)
        mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
        chars = sum(len(d) for d in docs)
        base_name = "jieba.lcut" if lang == "zh" else 'spacy.blank("en").tokenizer'
        base, full = timed_side_by_side(jieba.lcut if lang == "zh" else en_tokenizer, extract, docs)
        rows.append((lang, mb, chars, len(docs), base_name, base, full))
        if args.long:
            longs.append((lang, *scaling(docs)))
    print(
        f"{'lang':<5} {'MB':>5} {'chars':>10} {'docs':>6} {'baseline':<29} {'base c/s':>10} "
        f"{'extract c/s':>12} {'ratio':>6}"
    )
    for lang, mb, chars, n, base_name, base, full in rows:
        print(f"{lang:<5} {mb:5.1f} {chars:10d} {n:6d} {base_name:<29} {base:10.0f} {full:12.0f} {full / base:6.2f}")
    for lang, short, long_, t_short, t_long in longs:
        print(
            f"{lang} one document: {short} chars {t_short:.2f} s, {long_} chars {t_long:.2f} s CPU "
            f"(x{long_ / short:.1f} text -> x{t_long / t_short:.1f} time)"
        )
    print(f"start-up (first extract, both pipelines): {startup:.2f} s CPU")
    print(f"peak RSS: {rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
