"""Helpers shared by the v1 blueprints: meta block, look-ups that become problem+json, paging."""

import datetime as dt
import difflib
from urllib.parse import urlencode

from flask import request

from ..places import UnknownJurisdiction, resolve_jurisdiction
from . import queries
from .db import dataset_info
from .errors import Problem

DISCLAIMER = "Not legal advice. Check the cited official text before relying on a status."


def meta() -> dict:
    info = dataset_info()
    return {"dataset_version": info.get("version"), "built_at": info.get("built_at"), "disclaimer": DISCLAIMER}


def today() -> str:
    return dt.date.today().isoformat()


def resolve(query: str) -> str:
    """The jurisdiction code for what the user typed, or a 404 that suggests close matches."""
    if len(query) > 200:
        raise Problem(404, "Jurisdiction not found", "no jurisdiction matches an identifier that long")
    try:
        return resolve_jurisdiction(query)
    except UnknownJurisdiction as exc:
        raise Problem(404, "Jurisdiction not found", str(exc),
                      suggestions=[code for _, code in exc.suggestions]) from None


def substance(conn, name: str) -> str:
    known = queries.substances(conn)
    key = name.strip().lower()
    if key in known:
        return key
    close = difflib.get_close_matches(key[:100], known, n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    shown = name if len(name) <= 100 else name[:100] + "…"
    raise Problem(404, "Substance not found", f"no substance '{shown}'{hint} (known: {', '.join(known)})")


def paginate(items: list, page: int, per_page: int) -> tuple[list, dict, str]:
    """One page of items, the pagination block, and an RFC 8288 Link header value."""
    total = len(items)
    pages = max(1, (total + per_page - 1) // per_page)
    if page > pages and total:
        raise Problem(404, "Page not found", f"page {page} is past the last page ({pages})")
    args = {k: v for k, v in request.args.items() if k != "page"}

    def url(n: int) -> str:
        return f"{request.base_url}?{urlencode({**args, 'page': n})}"

    links = [f'<{url(1)}>; rel="first"', f'<{url(pages)}>; rel="last"']
    if page > 1:
        links.append(f'<{url(page - 1)}>; rel="prev"')
    if page < pages:
        links.append(f'<{url(page + 1)}>; rel="next"')
    block = {"page": page, "per_page": per_page, "total": total, "pages": pages}
    return items[(page - 1) * per_page: page * per_page], block, ", ".join(links)
