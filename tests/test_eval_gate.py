"""Quality gate: extraction may not fall below the F1 floors pinned per annotated set.

Five sets: the shared dev set (../shared/eval/dev) and our own held-out-style
sets tests/fixtures/eval_extra, eval_blind, eval_blind2 and eval_blind3 (each
written by someone who had not seen the extractor; all but the newest have
since been tuned on). Every field's F1, over all documents and per language, is
compared with tests/eval_floors.json. Raise a floor when a change lifts the
score; never lower one to make a change pass.
"""

import json
from pathlib import Path

import evalkit
import pytest

from nlp import extract

FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text(encoding="utf-8"))
SCORE = evalkit.scorer()

pytestmark = pytest.mark.skipif(SCORE is None, reason=f"shared scorer not found in {evalkit.SHARED_EVAL}")


@pytest.fixture(scope="module", params=sorted(evalkit.SETS))
def scored(request):
    gold, docs = evalkit.SETS[request.param]
    if not gold.exists():
        pytest.skip(f"{gold} not found")
    summary = evalkit.score_documents(
        SCORE, gold, lambda doc_id: (docs / f"{doc_id}.txt").read_text(encoding="utf-8"), extract
    )
    return request.param, summary


def test_every_set_has_floors_for_every_group(scored):
    name, summary = scored
    assert set(FLOORS[name]) == set(summary), f"pin floors for every language group of {name}"


def test_f1_not_below_floors(scored):
    name, summary = scored
    low = evalkit.below_floors(summary, FLOORS[name])
    assert not low, f"{name}: F1 below floor (got, floor): {low}"
