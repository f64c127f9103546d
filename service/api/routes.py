"""The v1 endpoints."""

import datetime as dt
import difflib

from apiflask import APIBlueprint
from flask import request

from ..places import UnknownJurisdiction, resolve_jurisdiction
from . import queries, schemas
from .db import dataset_info, get_db
from .errors import Problem

bp = APIBlueprint("v1", __name__, url_prefix="/v1")


def _meta() -> dict:
    info = dataset_info()
    return {"dataset_version": info.get("version"), "built_at": info.get("built_at"),
            "disclaimer": schemas.DISCLAIMER}


def _today() -> str:
    return dt.date.today().isoformat()


def _resolve(query: str) -> str:
    try:
        return resolve_jurisdiction(query)
    except UnknownJurisdiction as exc:
        raise Problem(404, "Jurisdiction not found", str(exc),
                      suggestions=[code for _, code in exc.suggestions]) from None


def _substance(conn, name: str) -> str:
    known = queries.substances(conn)
    key = name.strip().lower()
    if key in known:
        return key
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise Problem(404, "Substance not found",
                  f"no substance '{name}'{hint} (known: {', '.join(known)})")


@bp.after_request
def _cache_headers(response):
    if request.method in ("GET", "HEAD"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        if response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=3600"
            response.add_etag()
            response.make_conditional(request)
    return response


@bp.get("/jurisdictions")
@bp.input(schemas.ListQuery, location="query", arg_name="query")
@bp.output(schemas.JurisdictionList)
@bp.doc(summary="List jurisdictions with their current status per substance")
def list_jurisdictions(query):
    """Every jurisdiction the dataset can talk about (researched or not), paginated."""
    conn = get_db()
    rows = [dict(r) for r in conn.execute("SELECT * FROM jurisdictions ORDER BY code")]
    current = queries.current_summary(conn, [r["code"] for r in rows], _today())
    subs = queries.substances(conn)
    if query.get("substance") is not None:
        subs = [_substance(conn, query["substance"])]
    items = []
    for r in rows:
        if "researched" in query and bool(r["researched"]) != query["researched"]:
            continue
        brief = {}
        for s in queries.substances(conn):
            brief[s] = current[r["code"]].get(s) or {
                "control_status": "unknown", "verification": "unverified", "status_id": None,
                "summary": queries.unknown_status(s, bool(r["researched"]))["summary"]}
        wanted = query.get("control_status")
        if wanted and not any(brief[s]["control_status"] == wanted for s in subs):
            continue
        items.append({**queries.jurisdiction(conn, r["code"]), "current": brief})
    page, per_page = query["page"], query["per_page"]
    total = len(items)
    return {
        "items": items[(page - 1) * per_page: page * per_page],
        "pagination": {"page": page, "per_page": per_page, "total": total,
                       "pages": (total + per_page - 1) // per_page},
        "meta": _meta(),
    }


@bp.get("/jurisdictions/<jurisdiction_id>")
@bp.output(schemas.JurisdictionDetail)
@bp.doc(summary="One jurisdiction: current and past statuses, approvals and citations",
        responses={404: "No such jurisdiction (the detail suggests close matches)"})
def get_jurisdiction(jurisdiction_id):
    """`jurisdiction_id` may be an alpha-2, alpha-3 or numeric code, a subdivision code or a name."""
    conn = get_db()
    code = _resolve(jurisdiction_id)
    info = queries.jurisdiction(conn, code)
    statuses = queries.statuses_for(conn, code)
    today = _today()
    current = {}
    for s in queries.substances(conn):
        current[s] = queries.status_on(conn, code, s, today) or queries.unknown_status(s, info["researched"])
    current_ids = {c["id"] for c in current.values() if c.get("id")}
    for st in statuses:
        st["current"] = st["id"] in current_ids
    return {"jurisdiction": info, "current": current, "statuses": statuses,
            "approvals": queries.approvals_for(conn, code), "meta": _meta()}


@bp.get("/jurisdictions/<jurisdiction_id>/<substance>")
@bp.input(schemas.AsOfQuery, location="query", arg_name="query")
@bp.output(schemas.SubstanceStatus)
@bp.doc(summary="The status of one substance in one jurisdiction on a date (default today)",
        responses={404: "No such jurisdiction or substance"})
def get_substance_status(jurisdiction_id, substance, query):
    """Status in force on `as_of`; `date_certain` is false when a boundary date is only known to year or month."""
    conn = get_db()
    code = _resolve(jurisdiction_id)
    substance = _substance(conn, substance)
    day = query["as_of"].isoformat() if query.get("as_of") else _today()
    info = queries.jurisdiction(conn, code)
    status = queries.status_on(conn, code, substance, day) or queries.unknown_status(
        substance, info["researched"], day if query.get("as_of") else None)
    return {"jurisdiction": info, "substance": substance, "as_of": day, "status": status, "meta": _meta()}


@bp.get("/sources/<source_id>")
@bp.output(schemas.Source)
@bp.doc(summary="One source and every quote cited from it", responses={404: "No such source"})
def get_source(source_id):
    """A source document and the quotes the dataset takes from it."""
    conn = get_db()
    data = queries.source(conn, source_id)
    if data is None:
        known = [r[0] for r in conn.execute("SELECT id FROM sources")]
        close = difflib.get_close_matches(source_id, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise Problem(404, "Source not found", f"no source '{source_id}'{hint}")
    return {**data, "meta": _meta()}
