"""Company finding, one job per module; `nlp.components.companies` wires them into the spaCy component.

- `spans`: char ranges onto spaCy tokens and ``doc.spans`` (shared with drugs)
- `rules`: loading company_rules.jsonl and company_stop_words.jsonl, the name regexes
- `candidates`: the candidate record, longest-first resolution, overlap checks
- `classify`: what a rule's surface is (known company, non-company, new company)
- `gazetteer_match`: gazetteer aliases in the text, and rule names that hold one
- `name_rules`: names the gazetteer does not know (suffixes, legal forms, context cues)
- `short_forms`: short forms of known and new companies
- `lists`: names listed with a found company (X and Y, X, Y and Z)
- `outlets`: dropping the outlet's own name in the page chrome
- `grouping`: one id for the surface forms of one new company
"""
