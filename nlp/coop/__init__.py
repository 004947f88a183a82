"""Cooperation records from sentences, party mentions, drugs and amounts.

Pure logic, no spaCy: the `pharmanews_cooperations` component turns a Doc
into plain inputs and calls `find_cooperations`. One job per module:
`rules` loads the data files, `anchors` derives the literal prefilter of a
pattern, `cues` finds typed hits, `institutions` finds non-company parties,
`parties` picks and labels the parties of a hit, `terms` attaches money,
drugs and territory, `records` builds the records, `merge` joins the records
of several language runs.
"""

from nlp.coop.cues import match_cues
from nlp.coop.institutions import PartyMention, find_institutions
from nlp.coop.merge import merge_cooperations
from nlp.coop.records import DrugMention, find_cooperations
from nlp.coop.rules import DATA, load_rules
from nlp.coop.terms import find_territory

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
