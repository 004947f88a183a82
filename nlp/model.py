"""The plain dataclasses every room speaks: what extraction finds in one text.

`nlp` produces them, `storage` writes them, `reports` and the CLI read them
back. They hold no behaviour beyond grouping and serialising to the JSON-lines
format of the evaluation guidelines (`Extraction.to_record`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# Cooperation labels of the guidelines, in the order reports list them.
COOPERATION_TYPES = (
    "licensing",
    "co_development",
    "research_collaboration",
    "joint_venture",
    "acquisition",
    "equity_investment",
    "commercialization",
    "manufacturing",
    "technology_transfer",
    "strategic_alliance",
)

AMOUNT_ROLES = (
    "upfront",
    "milestone",
    "total",
    "royalty",
    "equity",
    "investment",
    "market_size",
    "revenue",
    "cost",
    "other",
)


@dataclass(frozen=True)
class Mention:
    """One occurrence of a company or a drug in the text.

    `entity_id` is the canonical id: a gazetteer id (``company:hengrui``,
    ``drug:sugemalimab``) or, for a name the gazetteer does not know, ``new:``
    followed by the normalised surface form. `name` is the canonical display
    name (English where known).
    """

    label: str  # "COMPANY" or "DRUG"
    text: str
    start: int
    end: int
    entity_id: str
    name: str
    sentence: str = ""
    sentence_start: int = 0
    known: bool = True
    name_zh: str | None = None


@dataclass(frozen=True)
class Amount:
    """One sum of money: the exact value in units of `currency` (ISO code)."""

    text: str
    start: int
    end: int
    value: Decimal
    currency: str
    role: str = "other"
    qualifier: str | None = None  # "over", "about", "nearly", "up_to", ...
    sentence: str = ""
    sentence_start: int = 0

    @property
    def json_value(self) -> int | float:
        """The value as a JSON number: an int when whole, else a float."""
        if self.value == self.value.to_integral_value():
            return int(self.value)
        return float(self.value)


@dataclass(frozen=True)
class Party:
    """A company (or institution) taking part in a cooperation."""

    entity_id: str
    name: str
    role: str | None = None  # licensor, licensee, acquirer, target, investor, investee, partner


@dataclass(frozen=True)
class Cooperation:
    """One concrete cooperation the text reports."""

    type: str
    parties: tuple[Party, ...]
    drugs: tuple[str, ...] = ()  # canonical drug names
    drug_ids: tuple[str, ...] = ()
    amounts: tuple[Amount, ...] = ()
    territory: str | None = None
    evidence: str = ""
    evidence_start: int = 0
    evidence_end: int = 0
    confidence: float = 0.5


@dataclass(frozen=True)
class Entity:
    """A company or drug with every surface form the text used for it."""

    entity_id: str
    name: str
    aliases: tuple[str, ...]
    known: bool = True
    name_zh: str | None = None


@dataclass
class Extraction:
    """Everything extracted from one text."""

    lang: str
    mentions: list[Mention] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    cooperations: list[Cooperation] = field(default_factory=list)

    def entities(self, label: str) -> list[Entity]:
        """Mentions of `label` grouped by canonical id, in order of first mention."""
        groups: dict[str, list[Mention]] = {}
        for m in sorted(self.mentions, key=lambda m: m.start):
            if m.label == label:
                groups.setdefault(m.entity_id, []).append(m)
        out = []
        for eid, ms in groups.items():
            aliases = tuple(dict.fromkeys(m.text for m in ms))
            first = ms[0]
            out.append(Entity(eid, first.name, aliases, first.known, first.name_zh))
        return out

    @property
    def companies(self) -> list[Entity]:
        return self.entities("COMPANY")

    @property
    def drugs(self) -> list[Entity]:
        return self.entities("DRUG")

    @property
    def cooperation_types(self) -> list[str]:
        seen = {c.type for c in self.cooperations}
        return [t for t in COOPERATION_TYPES if t in seen]

    def unique_amounts(self) -> list[Amount]:
        """One amount per (value, currency): the guidelines count a repeat once."""
        seen: dict[tuple[Decimal, str], Amount] = {}
        for a in self.amounts:
            key = (a.value, a.currency)
            if key not in seen or (seen[key].role == "other" and a.role != "other"):
                seen[key] = a
        return list(seen.values())

    @staticmethod
    def party_label(party: Party, companies: dict[str, Entity]) -> str:
        """How a record names a party: its canonical name where the text uses it, else the
        text's own first form (MSD written "Merck" stays "Merck"; 辉瑞 stays 辉瑞), so the
        record says what the article said and a reader can find it there."""
        entity = companies.get(party.entity_id)
        if entity is None or not entity.aliases or party.name in entity.aliases:
            return party.name
        return entity.aliases[0]

    def to_record(self, doc_id: str) -> dict:
        """The JSON-lines record of the guidelines (`../shared/eval/GUIDELINES.md`)."""
        companies = {e.entity_id: e for e in self.companies}
        return {
            "id": doc_id,
            "lang": self.lang,
            "companies": [{"name": e.name, "aliases": list(e.aliases)} for e in self.companies],
            "drugs": [{"name": e.name, "aliases": list(e.aliases)} for e in self.drugs],
            "amounts": [
                {"text": a.text, "value": a.json_value, "currency": a.currency, "role": a.role}
                for a in self.unique_amounts()
            ],
            "cooperation_types": self.cooperation_types,
            "cooperations": [
                {
                    "type": c.type,
                    "parties": [self.party_label(p, companies) for p in c.parties],
                    "drugs": list(c.drugs),
                    "amounts": [a.json_value for a in c.amounts],
                    "evidence": c.evidence,
                }
                for c in self.cooperations
            ],
        }
