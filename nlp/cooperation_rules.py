"""Former home of the cooperation rules, now split under `nlp.coop`; kept so
existing imports (`nlp.extract` uses `merge_cooperations`) keep working."""

from nlp.coop import (
    DATA,
    DrugMention,
    PartyMention,
    find_cooperations,
    find_institutions,
    find_territory,
    load_rules,
    match_cues,
    merge_cooperations,
)

__all__ = [
    "DATA",
    "DrugMention",
    "PartyMention",
    "find_cooperations",
    "find_institutions",
    "find_territory",
    "load_rules",
    "match_cues",
    "merge_cooperations",
]
