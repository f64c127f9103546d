"""/v1/statuses and /v1/changes (JSON, CSV and Atom)."""

import csv
import io

from apiflask import APIBlueprint
from flask import Response, request, url_for

from . import atom, queries, schemas
from .common import meta, paginate, substance
from .db import dataset_info, get_db
from .examples import EXAMPLES

bp = APIBlueprint("statuses", __name__, url_prefix="/v1")

CSV_COLUMNS = ["id", "jurisdiction", "jurisdiction_name", "region", "substance", "control_status",
               "schedule_label", "schedule_label_en", "legal_instrument", "provision", "basis",
               "medical_use", "effective_from", "effective_from_precision", "effective_to",
               "effective_to_precision", "verification", "last_reviewed", "summary", "source_url", "quote"]


def _csv(rows: list[dict], filename: str) -> Response:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        first = row["citations"][0] if row.get("citations") else {}
        writer.writerow({**row, "source_url": first.get("url"), "quote": first.get("quote")})
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/statuses")
@bp.input(schemas.StatusesQuery, location="query", arg_name="query")
@bp.output(schemas.StatusList, example=EXAMPLES["status_list"])
@bp.doc(summary="Every status period, filtered; JSON or CSV",
        responses={200: {"description": "JSON (default) or, with format=csv, text/csv"}})
def list_statuses(query):
    """Filters: `substance`, `control_status`, `region` (UN M49 region, sub-region or intermediate
    region, e.g. Europe or Western Europe), `verification`, `jurisdiction`, and `as_of` (only periods
    in force on that date). Paginated with a `Link` header; `format=csv` returns every matching row."""
    conn = get_db()
    if query.get("substance"):
        query["substance"] = substance(conn, query["substance"])
    rows = queries.statuses_filtered(conn, query)
    if query.get("format") == "csv":
        return _csv(rows, "statuses.csv")
    page, block, link = paginate(rows, query["page"], query["per_page"])
    return {"items": page, "pagination": block, "meta": meta()}, 200, {"Link": link}


@bp.get("/changes")
@bp.input(schemas.ChangesQuery, location="query", arg_name="query")
@bp.output(schemas.ChangeList, example=EXAMPLES["change_list"])
@bp.doc(summary="Status periods that began or ended since a date, newest first")
def list_changes(query):
    """A date of reduced precision counts as a change since `since` when any day it may mean is on
    or after `since` (a period "from 2014" appears for since=2014-06-01). Atom feed: /v1/changes.atom."""
    conn = get_db()
    since = query["since"].isoformat() if query.get("since") else None
    items = queries.changes(conn, since, query.get("substance"))
    page, block, link = paginate(items, query["page"], query["per_page"])
    return {"since": since, "items": page, "pagination": block, "meta": meta()}, 200, {"Link": link}


@bp.get("/changes.atom")
@bp.input(schemas.ChangesFeedQuery, location="query", arg_name="query")
@bp.doc(summary="The changes as an Atom feed", responses={200: {
    "description": "Atom 1.0 feed", "content": {"application/atom+xml": {"schema": {"type": "string"}}}}})
def changes_feed(query):
    """The same changes as /v1/changes (newest 200), for feed readers and alert tools."""
    conn = get_db()
    since = query["since"].isoformat() if query.get("since") else None
    items = queries.changes(conn, since, query.get("substance"))[:200]
    body = atom.feed(items, dataset_info(), self_url=request.url,
                     api_root=url_for("jurisdictions.list_jurisdictions", _external=True))
    return Response(body, mimetype="application/atom+xml")
