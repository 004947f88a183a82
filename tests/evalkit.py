"""Score the extractor on an annotated set with the shared scorer (../shared/eval/score.py).

The scorer is imported from its place, never copied. Used by the quality
gates (tests/test_eval_gate.py, tests/test_demo_eval.py) and by `make eval`.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SHARED_EVAL = ROOT.parent / "shared" / "eval"
# Each set is a folder holding gold.jsonl and docs/<id>.txt.
_FOLDERS = {
    "dev": SHARED_EVAL / "dev",
    **{name: ROOT / "tests" / "fixtures" / f"eval_{name}" for name in ("extra", "blind", "blind2", "blind3")},
}
SETS = {name: (folder / "gold.jsonl", folder / "docs") for name, folder in _FOLDERS.items()}


def scorer() -> ModuleType | None:
    """The shared scorer module, or None when ../shared/eval is not beside the checkout."""
    path = SHARED_EVAL / "score.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("pharmanews_eval_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def summarise(score: ModuleType, gold: list[dict], preds: dict[str, dict]) -> dict[str, dict[str, float]]:
    """F1 per field, over all documents and per language: {"all": {field: f1}, "zh": ...}."""
    groups: dict[str, list[dict]] = {"all": gold}
    for g in gold:
        groups.setdefault(g.get("lang", "?"), []).append(g)
    out = {}
    for group, docs in groups.items():
        totals = {f: [0, 0, 0] for f in score.FIELDS}
        for g in docs:
            for f, (tp, fp, n, _missed) in score.score_doc(g, preds.get(g["id"], {})).items():
                totals[f][0] += tp
                totals[f][1] += fp
                totals[f][2] += n
        out[group] = {f: score.prf(*t)[2] for f, t in totals.items()}
    return out


def score_documents(
    score: ModuleType, gold_path: Path, text_of: Callable[[str], str], extract: Callable
) -> dict[str, dict[str, float]]:
    """Extract every gold document (its text from `text_of(id)`) and summarise the scores."""
    gold = score.read_jsonl(gold_path)
    preds = {g["id"]: extract(text_of(g["id"])).to_record(g["id"]) for g in gold}
    return summarise(score, gold, preds)


def below_floors(summary: dict, floors: dict) -> dict[str, dict[str, tuple[float, float]]]:
    """Fields whose F1 is under its pinned floor, as {group: {field: (got, floor)}}."""
    low = {}
    for group, fields in floors.items():
        bad = {f: (round(summary[group][f], 4), floor) for f, floor in fields.items() if summary[group][f] < floor}
        if bad:
            low[group] = bad
    return low


def format_summary(name: str, summary: dict, fields: Iterable[str]) -> str:
    """A small text table of F1 per group and field."""
    fields = list(fields)
    lines = [f"{name:<8}" + "".join(f"{f[:12]:>14}" for f in fields)]
    for group, scores in summary.items():
        lines.append(f"  {group:<6}" + "".join(f"{scores[f]:>14.3f}" for f in fields))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`make eval`: print F1 per set, group and field; `--pin MARGIN` rewrites the floors."""
    import argparse
    import json

    from nlp import extract

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--pin", type=float, metavar="MARGIN", help="write floors = score - MARGIN")
    args = parser.parse_args(argv)
    score = scorer()
    if score is None:
        print(f"shared scorer not found in {SHARED_EVAL}")
        return 1
    floors_path = ROOT / "tests" / "eval_floors.json"
    floors = {}
    for name, (gold, docs) in SETS.items():
        summary = score_documents(score, gold, lambda i, d=docs: (d / f"{i}.txt").read_text(encoding="utf-8"), extract)
        print(format_summary(name, summary, score.FIELDS))
        floors[name] = {
            g: {f: max(0.0, int((v - (args.pin or 0)) * 100) / 100) for f, v in s.items()} for g, s in summary.items()
        }
    if args.pin is not None:
        floors_path.write_text(json.dumps(floors, indent=1) + "\n", encoding="utf-8")
        print(f"pinned floors in {floors_path}")
    return 0


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
