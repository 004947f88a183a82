"""Canonical article URLs: one spelling per article, so the same page under two URLs is stored once."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["canonicalise", "TRACKING_PARAMS"]

# Query parameters that only say where a reader came from, never which article it is.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "_ga",
        "igshid",
        "spm",
        "from",
        "scene",
        "isappinstalled",
        "share_token",
        "sharer_shareid",
        "wfr",
        "sr_share",
        "ncid",
        "cmpid",
        "ref",
        "ref_src",
        "src",
        "source",
        "tracking",
        "clicktime",
        "enterid",
        "chksm",
        "mkt_tok",
        "oly_enc_id",
        "oly_anon_id",
        "vero_id",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hmsr", "hmpl", "hmcu", "hmkw", "hmci")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(_TRACKING_PREFIXES)


def canonicalise(url: str) -> str:
    """Strip tracking parameters and the fragment, lower-case scheme and host, sort the query.

    Input that is not an absolute http(s) URL comes back stripped of whitespace only.
    """
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(sorted(query)), ""))
