"""/v1/jurisdictions: the list, one jurisdiction, one substance on a date."""

from apiflask import APIBlueprint

from . import queries, schemas
from .common import meta, paginate, resolve, substance, today
from .db import get_db
from .examples import EXAMPLES

bp = APIBlueprint("jurisdictions", __name__, url_prefix="/v1")


@bp.get("/jurisdictions")
@bp.input(schemas.ListQuery, location="query", arg_name="query")
@bp.output(schemas.JurisdictionList, example=EXAMPLES["jurisdiction_list"])
@bp.doc(summary="List jurisdictions with their current status per substance")
def list_jurisdictions(query):
    """Every jurisdiction the dataset can talk about (researched or not), paginated; a `Link` header
    points to the first, previous, next and last pages."""
    conn = get_db()
    rows = queries.jurisdictions(conn)
    subs = queries.substances(conn)
    wanted_subs = [substance(conn, query["substance"])] if query.get("substance") else subs
    current = queries.current_summary(conn, [r["code"] for r in rows], today())
    items = []
    for row in rows:
        if "researched" in query and row["researched"] != query["researched"]:
            continue
        if query.get("region") and query["region"].casefold() not in {
                (row.get(k) or "").casefold() for k in ("region", "subregion", "intermediate_region")}:
            continue
        brief = {s: current[row["code"]].get(s) or queries.unknown_brief(s, row["researched"]) for s in subs}
        if query.get("control_status") and not any(
                brief[s]["control_status"] == query["control_status"] for s in wanted_subs):
            continue
        items.append({**row, "current": brief})
    page, block, link = paginate(items, query["page"], query["per_page"])
    return {"items": page, "pagination": block, "meta": meta()}, 200, {"Link": link}


@bp.get("/jurisdictions/<jurisdiction_id>")
@bp.output(schemas.JurisdictionDetail, example=EXAMPLES["jurisdiction_detail"])
@bp.doc(summary="One jurisdiction: current and past statuses, approvals and citations",
        responses={404: "No such jurisdiction (the detail suggests close matches)"})
def get_jurisdiction(jurisdiction_id):
    """`jurisdiction_id` may be an alpha-2, alpha-3 or numeric code, an ISO 3166-2 subdivision code,
    INT, EU, XK, or a name in English, in another language, or a common alias."""
    conn = get_db()
    code = resolve(jurisdiction_id)
    info = queries.jurisdiction(conn, code)
    statuses = queries.statuses_for(conn, code)
    day = today()
    current = {s: queries.status_on(conn, code, s, day) or queries.unknown_status(s, info["researched"])
               for s in queries.substances(conn)}
    current_ids = {c["id"] for c in current.values() if c.get("id")}
    for st in statuses:
        st["current"] = st["id"] in current_ids
    return {"jurisdiction": info, "current": current, "statuses": statuses,
            "approvals": queries.approvals_for(conn, code), "meta": meta()}


@bp.get("/jurisdictions/<jurisdiction_id>/<substance_id>")
@bp.input(schemas.AsOfQuery, location="query", arg_name="query")
@bp.output(schemas.SubstanceStatus, example=EXAMPLES["substance_status"])
@bp.doc(summary="The status of one substance in one jurisdiction on a date (default today)",
        responses={404: "No such jurisdiction or substance"})
def get_substance_status(jurisdiction_id, substance_id, query):
    """The status in force on `as_of`. A period whose boundary is known only to the year or month is
    treated as starting (or ending) on the first day of that year or month; when `as_of` falls inside
    such a boundary, `date_certain` is false and `date_note` says why."""
    conn = get_db()
    code = resolve(jurisdiction_id)
    sub = substance(conn, substance_id)
    day = query["as_of"].isoformat() if query.get("as_of") else today()
    info = queries.jurisdiction(conn, code)
    status = queries.status_on(conn, code, sub, day) or queries.unknown_status(
        sub, info["researched"], day if query.get("as_of") else None)
    return {"jurisdiction": info, "substance": sub, "as_of": day, "status": status, "meta": meta()}
