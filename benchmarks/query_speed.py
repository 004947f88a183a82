"""Query speed of the store on a synthetic corpus (default 200,000 articles, 50,000 deals).

Builds the store with bulk inserts straight into the current schema (the
write path is measured elsewhere; this measures reads), then times the
analyst's common questions through `Store` and prints the median of several
runs in milliseconds.

Example:
    .venv/bin/python benchmarks/query_speed.py --articles 200000 --deals 50000
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage import Store  # noqa: E402
from storage.fts import segment  # noqa: E402

TYPES = ["licensing", "co_development", "acquisition", "equity_investment", "strategic_alliance", "manufacturing"]
ZH_SENTENCES = [
    "{a}与{b}达成独家许可协议，获得{d}在大中华区的开发和商业化权利。",
    "{a}宣布与{b}开展战略合作，共同推进{d}的临床研究。",
    "{a}完成对{b}的收购，交易总额约{n}亿元人民币。",
    "{a}发布年度业绩，创新药收入增长明显，{d}销售额持续提升。",
    "国家药监局批准{a}的{d}上市申请，用于治疗晚期实体瘤。",
]
EN_SENTENCES = [
    "{a} entered an exclusive licensing agreement with {b} for {d}.",
    "{a} and {b} announced a research collaboration on {d}.",
    "{a} completed its acquisition of {b} for ${n} billion.",
    "{a} reported quarterly revenue growth driven by {d}.",
    "Regulators approved {d} from {a} for advanced solid tumours.",
]


def company(i: int) -> tuple[str, str, str, str]:
    if i == 0:
        return ("company:hengrui", "Hengrui", "恒瑞医药", "江苏恒瑞医药")
    return (f"company:c{i}", f"Company{i} Bio", f"公司{i}生物", f"公司{i}")


def build(path: Path, n_articles: int, n_deals: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    n_companies, n_drugs = 3000, 1500
    with Store(path) as store:
        db = store.db
        conn = db.conn
        # Pre-segmented sentences with slots: jieba runs once per template, not per article.
        templates = {}
        for lang, sentences in (("zh", ZH_SENTENCES), ("en", EN_SENTENCES)):
            templates[lang] = [segment(s.replace("{", "<").replace("}", ">")) for s in sentences]
        with db.atomic():
            conn.executemany(
                "INSERT INTO companies (entity_id, name, name_zh, known) VALUES (?,?,?,1)",
                [company(i)[:3] for i in range(n_companies)],
            )
            conn.executemany(
                "INSERT INTO aliases (label, entity_id, alias) VALUES ('COMPANY', ?, ?)",
                [(c[0], alias) for i in range(n_companies) for c in [company(i)] for alias in c[1:]],
            )
            conn.executemany(
                "INSERT INTO drugs (entity_id, name, known) VALUES (?,?,1)",
                [(f"drug:d{i}", f"DRG-{i}") for i in range(n_drugs)],
            )
            deal_meta = []
            for d in range(1, n_deals + 1):
                # Company 0 (Hengrui) is a frequent dealmaker, like a real top-10 company.
                a = 0 if rng.random() < 0.01 else rng.randrange(1, n_companies)
                b = rng.randrange(1, n_companies)
                day = f"{rng.randrange(2019, 2026)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
                usd = rng.choice([None, rng.randrange(1, 3000) * 1_000_000.0])
                deal_meta.append((d, rng.choice(TYPES), a, b, rng.randrange(n_drugs), day, usd))
            conn.executemany(
                "INSERT INTO deals (id, type, first_published, last_published, articles, max_value_usd) "
                "VALUES (?,?,?,?,2,?)",
                [(d, t, day, day, usd) for d, t, _, _, _, day, usd in deal_meta],
            )
            article_rows, fts_rows, mention_rows = [], [], []
            coop_rows, party_rows, drug_rows, amount_rows = [], [], [], []
            for i in range(1, n_articles + 1):
                lang = "zh" if i % 2 else "en"
                # Two articles (one zh, one en) per deal while deals last, then general news.
                deal = deal_meta[(i - 1) // 2] if (i - 1) // 2 < n_deals else None
                if deal:
                    d, ctype, a, b, drug, day, usd = deal
                    k = rng.randrange(3) if ctype != "acquisition" else 2
                else:
                    a, b, drug = rng.randrange(n_companies), rng.randrange(n_companies), rng.randrange(n_drugs)
                    day = f"{rng.randrange(2019, 2026)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
                    k = rng.randrange(3, 5)
                ca, cb = company(a), company(b)
                names = {"zh": (ca[2], cb[2]), "en": (ca[1], cb[1])}[lang]
                seg = templates[lang][k]
                body = (
                    seg.replace("<a>", names[0])
                    .replace("<b>", names[1])
                    .replace("<d>", f"DRG-{drug}")
                    .replace("<n>", str(rng.randrange(2, 90)))
                )
                article_rows.append(
                    (
                        i,
                        f"https://news.example/{lang}/{i}",
                        f"src{i % 12}",
                        lang,
                        f"title {i}",
                        day,
                        body,
                        f"h{i}",
                        1,
                        lang,
                    )
                )
                fts_rows.append((i, "", body))
                for j, (c, text) in enumerate(((ca, names[0]), (cb, names[1]))):
                    mention_rows.append((i, "COMPANY", text, j * 10, j * 10 + len(text), c[0], c[1], c[2]))
                mention_rows.append((i, "DRUG", f"DRG-{drug}", 30, 36, f"drug:d{drug}", f"DRG-{drug}", None))
                if deal:
                    coop_rows.append((i, i, 0, ctype, d, body))
                    party_rows += [(i, 0, ca[0], ca[1]), (i, 1, cb[0], cb[1])]
                    drug_rows.append((i, 0, f"DRG-{drug}", f"drug:d{drug}"))
                    if usd:
                        amount_rows.append(
                            (i, 0, "$", 0, 1, str(int(usd)), usd, "USD", rng.choice(["upfront", "total"]))
                        )
            conn.executemany(
                "INSERT INTO articles (id, url, source, lang, title, published, text, content_hash, extracted, "
                "extraction_lang) VALUES (?,?,?,?,?,?,?,?,?,?)",
                article_rows,
            )
            conn.executemany("INSERT INTO articles_fts (rowid, title, body) VALUES (?,?,?)", fts_rows)
            conn.executemany(
                'INSERT INTO mentions (article_id, label, text, start, "end", entity_id, name, name_zh) '
                "VALUES (?,?,?,?,?,?,?,?)",
                mention_rows,
            )
            conn.executemany(
                "INSERT INTO cooperations (id, article_id, seq, type, deal_id, evidence) VALUES (?,?,?,?,?,?)",
                coop_rows,
            )
            conn.executemany(
                "INSERT INTO cooperation_parties (cooperation_id, seq, entity_id, name) VALUES (?,?,?,?)",
                party_rows,
            )
            conn.executemany(
                "INSERT INTO cooperation_drugs (cooperation_id, seq, name, drug_id) VALUES (?,?,?,?)", drug_rows
            )
            conn.executemany(
                'INSERT INTO cooperation_amounts (cooperation_id, seq, text, start, "end", value, value_usd, '
                "currency, role) VALUES (?,?,?,?,?,?,?,?,?)",
                amount_rows,
            )
        db.execute("ANALYZE")


# Pages of 50, as the CLI and reports show them; the two "all rows" lines show the cost
# of hydrating every deal of a busy company or period with all its evidence.
QUERIES = {
    "deals of a company (恒瑞, page of 50)": lambda s: s.deals(company="恒瑞", limit=50),
    "deals of a company (恒瑞, all rows)": lambda s: s.deals(company="恒瑞"),
    "cooperations of a company (Hengrui, 50)": lambda s: s.cooperations(company="Hengrui", limit=50),
    "search a Chinese word (许可, 50 newest)": lambda s: s.articles(search="许可", limit=50),
    "search an English prefix (licens*, 50)": lambda s: s.articles(search="licens*", limit=50),
    "deals > $500M in 2024 H1 (page of 50)": lambda s: s.deals(
        since="2024-01-01", until="2024-06-30", min_usd=5e8, limit=50
    ),
    "deals > $500M in 2024 H1 (all rows)": lambda s: s.deals(since="2024-01-01", until="2024-06-30", min_usd=5e8),
    "cooperations upfront > $500M in 2024 (50)": lambda s: s.cooperations(
        min_usd=5e8, role="upfront", since="2024-01-01", until="2024-12-31", limit=50
    ),
    "companies matching 恒瑞": lambda s: s.companies(name="恒瑞"),
    "summary": lambda s: [s.summary()],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--deals", type=int, default=50_000)
    parser.add_argument("--db", type=Path, help="where to build the store (default: a temporary file)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="query an existing --db instead of rebuilding it")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "bench.db"
    if not (args.reuse and path.exists()):
        path.unlink(missing_ok=True)
        t0 = time.perf_counter()
        build(path, args.articles, args.deals)
        print(
            f"built {args.articles} articles / {args.deals} deals in {time.perf_counter() - t0:.1f} s "
            f"({path.stat().st_size / 1e6:.0f} MB)"
        )
    with Store(path, readonly=True) as store:
        for name, run in QUERIES.items():
            rows = run(store)  # warm the page cache once
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                run(store)
                times.append((time.perf_counter() - t) * 1000)
            print(f"{statistics.median(times):8.1f} ms  {len(rows):5d} rows  {name}")


if __name__ == "__main__":
    main()
