"""Datasette metadata for browsing the store: table descriptions, facets, full-text search, canned queries.

Pure data built for one database file; `storage.datasette_app` hands it to
Datasette. Canned queries search through the SQL function
``pharmanews_match(q)`` (registered by the app) so that Chinese words are
segmented exactly as the index was.
"""

from __future__ import annotations

from pathlib import Path

TABLES = {
    "articles": {
        "description": "One row per crawled article: source, language, title, publication date and main text.",
        "facets": ["source", "lang"],
        "sort_desc": "published",
        # The index holds jieba-segmented text, rowid = articles.id.
        "fts_table": "articles_fts",
        "fts_pk": "id",
        "searchmode": "escaped",
    },
    "cooperations": {
        "description": "Cooperation records as extracted from one article (type, evidence sentence, confidence); "
        "deal_id links the records that report one real-world deal.",
        "facets": ["type", "territory"],
        "sort": "confidence",
    },
    "cooperation_parties": {"description": "Parties of each cooperation record, by canonical company id and role."},
    "cooperation_drugs": {"description": "Drugs of each cooperation record."},
    "cooperation_amounts": {
        "description": "Money attached to each cooperation record, exact value and currency, with USD value.",
        "facets": ["role", "currency"],
    },
    "deals": {
        "description": "Real-world deals: cooperation records of several articles and languages merged; "
        "first_published is when the deal was first reported.",
        "facets": ["type"],
        "sort_desc": "first_published",
    },
    "companies": {
        "description": "Canonical companies (gazetteer ids, or new: ids for names the gazetteer does not know).",
        "facets": ["known"],
    },
    "drugs": {"description": "Canonical drugs.", "facets": ["known"]},
    "aliases": {"description": "Every name seen for a company or drug, in any language.", "facets": ["label"]},
    "mentions": {"description": "Each occurrence of a company or drug in an article.", "facets": ["label", "known"]},
    "amounts": {"description": "Every sum of money in an article.", "facets": ["role", "currency"]},
    "reviews": {
        "description": "Analyst verdicts (accept, reject, correct) on mentions, amounts and cooperations; "
        "the latest verdict on a fact counts.",
        "facets": ["kind", "verdict", "reviewer"],
        "sort_desc": "reviewed_at",
    },
    "runs": {"description": "Crawl runs.", "sort_desc": "started_at"},
    "run_sources": {"description": "Per-source counts of each crawl run.", "facets": ["source"]},
}

HIDDEN = ("schema_version",)

QUERIES = {
    "deals_of_company": {
        "title": "Deals of a company",
        "description": "Deals whose parties include a company with this name or alias (恒瑞, Hengrui).",
        "sql": """SELECT d.id AS deal_id, d.type, d.first_published, d.articles, d.max_value_usd,
    (SELECT group_concat(DISTINCT p2.name) FROM cooperation_parties p2 JOIN cooperations c2
        ON c2.id = p2.cooperation_id WHERE c2.deal_id = d.id) AS parties
FROM deals d
WHERE d.id IN (
    SELECT c.deal_id FROM cooperations c JOIN cooperation_parties p ON p.cooperation_id = c.id
    WHERE p.entity_id IN (SELECT entity_id FROM aliases WHERE label = 'COMPANY'
                          AND alias LIKE '%' || :company || '%'))
ORDER BY d.first_published DESC""",
    },
    "licensing_deals_above": {
        "title": "Licensing deals above an amount",
        "description": "Licensing deals with an amount of at least :min_usd US dollars (any role).",
        "sql": """SELECT d.id AS deal_id, d.first_published, d.max_value_usd, d.articles,
    (SELECT group_concat(DISTINCT p.name) FROM cooperation_parties p JOIN cooperations c
        ON c.id = p.cooperation_id WHERE c.deal_id = d.id) AS parties
FROM deals d
WHERE d.type = 'licensing' AND d.max_value_usd >= CAST(:min_usd AS REAL)
ORDER BY d.max_value_usd DESC""",
    },
    "search_articles": {
        "title": "Full-text search (Chinese or English)",
        "description": "Articles containing every word of :q; Chinese is segmented like the index (许可, 独家许可), "
        "English is stemmed, licens* is a prefix search.",
        "sql": """SELECT a.id, a.published, a.source, a.lang, a.title, a.url
FROM articles a
WHERE a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH pharmanews_match(:q))
ORDER BY a.published DESC
LIMIT 200""",
    },
    "review_queue": {
        "title": "Cooperations to review",
        "description": "Cooperation records by confidence, lowest first (verdicts are recorded with "
        "`pharmanews review set`).",
        "sql": """SELECT c.id, c.confidence, c.type, c.evidence, a.url
FROM cooperations c JOIN articles a ON a.id = c.article_id
ORDER BY c.confidence, c.id
LIMIT 100""",
    },
}


def database_name(path: str | Path) -> str:
    """The name Datasette gives the database file (its stem)."""
    return Path(path).stem


def metadata(path: str | Path) -> dict:
    """The Datasette metadata for the store at `path`."""
    tables = {name: dict(conf) for name, conf in TABLES.items()}
    tables.update({name: {"hidden": True} for name in HIDDEN})
    return {
        "title": "pharmanews",
        "description": "Pharma cooperations from Chinese and English news: articles, deals, companies, reviews.",
        "databases": {
            database_name(path): {
                "tables": tables,
                "queries": {name: dict(q) for name, q in QUERIES.items()},
            }
        },
    }
