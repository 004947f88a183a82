"""Quality gate: extraction on the shared dev set may not fall below pinned floors.

Scores with the project's own scorer (../shared/eval/score.py, imported from
its place, never copied) and compares every field's F1, over all documents
and per language, with tests/eval_floors.json. Raise a floor when a change
lifts the score; never lower one to make a change pass.
"""

import importlib.util
import json
from pathlib import Path

import pytest

from nlp import extract

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
FLOORS = Path(__file__).parent / "eval_floors.json"

pytestmark = pytest.mark.skipif(
    not (EVAL / "score.py").exists() or not (EVAL / "dev" / "gold.jsonl").exists(),
    reason=f"shared evaluation set not found at {EVAL}",
)


def _scorer():
    spec = importlib.util.spec_from_file_location("pharmanews_eval_score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def summary():
    score = _scorer()
    gold = score.read_jsonl(EVAL / "dev" / "gold.jsonl")
    groups: dict[str, list] = {"all": gold}
    for g in gold:
        groups.setdefault(g.get("lang", "?"), []).append(g)
    preds = {}
    for g in gold:
        text = (EVAL / "dev" / "docs" / f"{g['id']}.txt").read_text(encoding="utf-8")
        preds[g["id"]] = extract(text).to_record(g["id"])
    out = {}
    for group, docs in groups.items():
        totals = {f: [0, 0, 0] for f in score.FIELDS}
        for g in docs:
            for f, (tp, fp, n, _missed) in score.score_doc(g, preds[g["id"]]).items():
                totals[f][0] += tp
                totals[f][1] += fp
                totals[f][2] += n
        out[group] = {f: score.prf(*t)[2] for f, t in totals.items()}
    return out


def _floors():
    return json.loads(FLOORS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("group", ["all", "zh", "en", "mixed"])
def test_f1_not_below_floors(summary, group):
    floors = _floors().get(group, {})
    assert floors, f"no floors pinned for {group!r} in {FLOORS}"
    low = {f: (round(summary[group][f], 4), floor) for f, floor in floors.items() if summary[group][f] < floor}
    assert not low, f"F1 below floor (got, floor) for {group}: {low}"
