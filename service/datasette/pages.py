"""Custom pages: one per jurisdiction, and the methodology."""

from datasette.utils.asgi import NotFound, Response

from ..places import UnknownJurisdiction, resolve_jurisdiction

DATABASE = "ketamine"
STATUS_WORDS = {
    "controlled": "Controlled under drug-control law",
    "prescription_only": "Prescription-only medicine, not drug-controlled",
    "not_controlled": "Not controlled",
    "unknown": "Unknown: not yet established by this project",
}

CITATIONS_SQL = """
select c.status_id, c.approval_id, c.position, c.quote, c.quote_en, c.locator,
       s.id as source_id, s.title, s.publisher, s.url, s.kind,
       (select max(k.checked_at) from source_checks k where k.source_id = s.id) as last_checked,
       (select k.quote_found from source_checks k where k.source_id = s.id and k.status_id is c.status_id
          and k.approval_id is c.approval_id and k.position = c.position
          order by k.checked_at desc limit 1) as quote_found
from citations c join sources s on s.id = c.source_id
where c.status_id in (select id from statuses where jurisdiction = :code)
   or c.approval_id in (select id from approvals where jurisdiction = :code)
order by c.position
"""


async def _rows(db, sql: str, params: dict) -> list[dict]:
    return [dict(r) for r in (await db.execute(sql, params)).rows]


async def country_page(datasette, request):
    """Current status per substance, history, approvals and every citation for one jurisdiction."""
    try:
        code = resolve_jurisdiction(request.url_vars["code"])
    except UnknownJurisdiction as exc:
        raise NotFound(str(exc)) from None
    db = datasette.get_database(DATABASE)
    place = (await _rows(db, "select * from jurisdictions where code = :code", {"code": code}) or [None])[0]
    if place is None:
        raise NotFound(f"no jurisdiction {code}")
    if request.url_vars["code"] != code:
        return Response.redirect(f"/country/{code}")
    current = await _rows(db, "select * from current_status where jurisdiction = :code order by substance",
                          {"code": code})
    history = await _rows(db, "select * from statuses where jurisdiction = :code order by substance, "
                              "coalesce(effective_from, '')", {"code": code})
    approvals = await _rows(db, "select * from approvals where jurisdiction = :code order by substance, date",
                            {"code": code})
    citations = await _rows(db, CITATIONS_SQL, {"code": code})
    has_checks = (await db.execute("select count(*) from source_checks")).first()[0] > 0
    by_record: dict = {}
    for c in citations:
        by_record.setdefault(c["status_id"] or c["approval_id"], []).append(c)
    return Response.html(await datasette.render_template("country.html", {
        "place": place, "current": current, "history": history, "approvals": approvals,
        "citations": by_record, "status_words": STATUS_WORDS, "has_checks": has_checks,
    }, request=request))


async def methodology_page(datasette, request):
    """How records are researched, what the categories mean, how to report an error."""
    db = datasette.get_database(DATABASE)
    info = {r["key"]: r["value"] for r in await _rows(db, "select key, value from dataset_info", {})}
    counts = (await _rows(db, "select verification, count(*) as n from statuses group by 1 order by 1", {}))
    return Response.html(await datasette.render_template("methodology.html", {
        "info": info, "counts": counts, "status_words": STATUS_WORDS,
    }, request=request))
