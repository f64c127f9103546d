"""Read queries over the built database, returning plain dicts for the API schemas."""

import sqlite3
from typing import Optional

from ..places import place

STATUS_FIELDS = (
    "id", "substance", "control_status", "schedule_label", "schedule_label_en", "legal_instrument",
    "provision", "basis", "medical_use", "effective_from", "effective_from_precision", "effective_to",
    "effective_to_precision", "summary", "verification", "last_reviewed", "note", "research_note",
)
JURISDICTION_FIELDS = ("code", "name", "official_name", "kind", "alpha3", "numeric", "parent", "m49",
                       "region", "subregion", "intermediate_region", "researched", "notes")
COUNTED = ("jurisdictions", "substances", "statuses", "approvals", "sources", "citations", "source_checks")


def window_start(value: Optional[str]) -> str:
    """First day a partial date can mean ('2014' -> '2014-01-01'); '' for None."""
    if value is None:
        return ""
    return "-".join((value.split("-") + ["01", "01"])[:3])


def window_end(value: str) -> str:
    """Last day a partial date can mean ('2014' -> '2014-12-31'); day-level comparisons only."""
    parts = value.split("-")
    if len(parts) == 3:
        return value
    if len(parts) == 2:
        return f"{value}-31"
    return f"{value}-12-31"


def citations(conn: sqlite3.Connection, column: str, record_id: str) -> list[dict]:
    if column not in ("status_id", "approval_id"):
        raise ValueError(column)
    rows = conn.execute(
        f"""SELECT c.source_id, s.title, s.publisher, s.url, s.kind, s.language, c.quote, c.quote_en, c.locator,
                   k.checked_at AS last_checked, k.quote_found
            FROM citations c JOIN sources s ON s.id = c.source_id
            LEFT JOIN source_checks k ON k.id = (
                SELECT k2.id FROM source_checks k2 WHERE k2.{column} = c.{column} AND k2.position = c.position
                ORDER BY k2.checked_at DESC LIMIT 1)
            WHERE c.{column} = ? ORDER BY c.position""",
        (record_id,),
    )
    out = []
    for row in rows:
        data = dict(row)
        data["quote_found"] = None if data["quote_found"] is None else bool(data["quote_found"])
        out.append(data)
    return out


def _status_dict(conn, row) -> dict:
    data = {k: row[k] for k in STATUS_FIELDS}
    data["citations"] = citations(conn, "status_id", row["id"])
    return data


def substances(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM substances ORDER BY id")]


def substance_rows(conn) -> list[dict]:
    rows = [dict(r) for r in conn.execute("SELECT * FROM substances ORDER BY id")]
    for row in rows:
        row["synonyms"] = [s for s in (row.get("synonyms") or "").split("; ") if s]
    return rows


def _jurisdiction_row(row) -> dict:
    data = {k: row[k] for k in JURISDICTION_FIELDS}
    data["researched"] = bool(data["researched"])
    return data


def jurisdictions(conn) -> list[dict]:
    return [_jurisdiction_row(r) for r in conn.execute("SELECT * FROM jurisdictions ORDER BY code")]


def jurisdiction(conn, code: str) -> dict:
    row = conn.execute("SELECT * FROM jurisdictions WHERE code = ?", (code,)).fetchone()
    if row is not None:
        return _jurisdiction_row(row)
    p = place(code)  # a valid code not in the table (e.g. a subdivision not yet researched)
    return {"code": p.code, "name": p.name, "official_name": p.official_name, "kind": p.kind,
            "alpha3": p.alpha3, "numeric": p.numeric, "parent": p.parent, "m49": p.m49,
            "region": p.region, "subregion": p.subregion, "intermediate_region": p.intermediate_region,
            "researched": False, "notes": None}


def _unknown_summary(substance: str, researched: bool, as_of: Optional[str] = None) -> str:
    when = f"on {as_of}" if as_of else "today"
    if researched:
        return f"No status in force {when} is recorded for {substance} here."
    return "Not yet researched by this project: status unknown."


def unknown_status(substance: str, researched: bool, as_of: Optional[str] = None) -> dict:
    data = {k: None for k in STATUS_FIELDS}
    data.update(substance=substance, control_status="unknown", medical_use="unknown",
                verification="unverified", summary=_unknown_summary(substance, researched, as_of),
                citations=[])
    return data


def unknown_brief(substance: str, researched: bool) -> dict:
    return {"control_status": "unknown", "schedule_label": None, "legal_instrument": None,
            "effective_from": None, "verification": "unverified", "status_id": None,
            "summary": _unknown_summary(substance, researched)}


def _in_force_sql(prefix: str = "") -> str:
    return (f"({prefix}effective_from IS NULL OR {prefix}effective_from <= :day) AND "
            f"({prefix}effective_to IS NULL OR {prefix}effective_to > :day)")


def status_on(conn, code: str, substance: str, day: str) -> Optional[dict]:
    """The status in force on day (YYYY-MM-DD), with how certain the date makes it.

    A partial date compares as its first day ('2014' <= '2014-01-01' as strings), so a period
    "from 2014" applies from 2014-01-01; inside that window date_certain is false.
    """
    row = conn.execute(
        f"""SELECT * FROM statuses WHERE jurisdiction = :code AND substance = :substance
            AND {_in_force_sql()} ORDER BY effective_from DESC LIMIT 1""",
        {"code": code, "substance": substance, "day": day},
    ).fetchone()
    if row is None:
        return None
    data = _status_dict(conn, row)
    uncertain = [key for key in ("effective_from", "effective_to")
                 if data[key] and data[f"{key}_precision"] != "day"
                 and window_start(data[key]) <= day <= window_end(data[key])]
    data["date_certain"] = not uncertain
    if uncertain:
        data["date_note"] = (
            f"{day} falls within the {' and '.join(uncertain)} date known only to "
            f"{' and '.join(data[k + '_precision'] for k in uncertain)} precision; "
            "the status is shown from the first day of that period but may not yet (or may no longer) have applied."
        )
    return data


def statuses_for(conn, code: str) -> list[dict]:
    rows = conn.execute(
        "SELECT * FROM statuses WHERE jurisdiction = ? ORDER BY substance, effective_from", (code,)
    ).fetchall()
    return [_status_dict(conn, r) for r in rows]


def statuses_filtered(conn, query: dict) -> list[dict]:
    """Status periods matching the /v1/statuses filters, ordered by jurisdiction, substance, start."""
    where, params = [], {}
    for field in ("substance", "control_status", "verification"):
        if query.get(field):
            where.append(f"s.{field} = :{field}")
            params[field] = query[field]
    if query.get("jurisdiction"):
        where.append("s.jurisdiction = :jurisdiction")
        params["jurisdiction"] = query["jurisdiction"]
    if query.get("region"):
        where.append("(lower(j.region) = :region OR lower(j.subregion) = :region"
                     " OR lower(j.intermediate_region) = :region)")
        params["region"] = query["region"].lower()
    if query.get("as_of"):
        where.append(_in_force_sql("s."))
        params["day"] = query["as_of"].isoformat()
    sql = ("SELECT s.*, j.name AS jurisdiction_name, j.region FROM statuses s "
           "JOIN jurisdictions j ON j.code = s.jurisdiction"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY s.jurisdiction, s.substance, s.effective_from")
    out = []
    for row in conn.execute(sql, params):
        data = _status_dict(conn, row)
        data.update(jurisdiction=row["jurisdiction"], jurisdiction_name=row["jurisdiction_name"],
                    region=row["region"])
        out.append(data)
    return out


def changes(conn, since: Optional[str], substance: Optional[str] = None) -> list[dict]:
    """Periods that began or ended on or after since (any day a partial date may mean), newest first."""
    rows = conn.execute(
        "SELECT s.*, j.name AS jurisdiction_name FROM statuses s JOIN jurisdictions j ON j.code = s.jurisdiction"
    ).fetchall()
    events = []
    for row in rows:
        if substance and row["substance"] != substance:
            continue
        for event, field in (("began", "effective_from"), ("ended", "effective_to")):
            date = row[field]
            if date is None or (since and window_end(date) < since):
                continue
            events.append({
                "date": date, "date_precision": row[f"{field}_precision"], "event": event,
                "jurisdiction": row["jurisdiction"], "jurisdiction_name": row["jurisdiction_name"],
                "substance": row["substance"], "status_id": row["id"],
                "control_status": row["control_status"], "schedule_label": row["schedule_label"],
                "legal_instrument": row["legal_instrument"], "summary": row["summary"],
                "verification": row["verification"],
            })
    events.sort(key=lambda e: (window_start(e["date"]), e["event"] == "began", e["jurisdiction"], e["substance"]),
                reverse=True)
    return events


def approvals_for(conn, code: str) -> list[dict]:
    rows = conn.execute(
        "SELECT * FROM approvals WHERE jurisdiction = ? ORDER BY substance, date", (code,)
    ).fetchall()
    out = []
    for r in rows:
        data = {k: r[k] for k in ("id", "substance", "product", "holder", "regulator", "date",
                                  "date_precision", "indication", "status", "note")}
        data["citations"] = citations(conn, "approval_id", r["id"])
        out.append(data)
    return out


def current_summary(conn, codes: list[str], day: str) -> dict[str, dict]:
    """For each code, {substance: compact status in force on day}."""
    result: dict[str, dict] = {code: {} for code in codes}
    rows = conn.execute(
        f"""SELECT jurisdiction, substance, control_status, schedule_label, legal_instrument,
                   effective_from, medical_use, verification, summary, id
            FROM statuses WHERE {_in_force_sql()}""",
        {"day": day},
    )
    for r in rows:
        if r["jurisdiction"] in result:
            brief = {k: r[k] for k in ("control_status", "schedule_label", "legal_instrument",
                                       "effective_from", "medical_use", "verification", "summary")}
            result[r["jurisdiction"]][r["substance"]] = brief | {"status_id": r["id"]}
    return result


def source(conn, source_id: str) -> Optional[dict]:
    row = conn.execute("SELECT * FROM sources WHERE id = ?", (source_id,)).fetchone()
    if row is None:
        return None
    data = dict(row)
    data["citations"] = [dict(r) for r in conn.execute(
        """SELECT status_id, approval_id, quote, quote_en, locator FROM citations
           WHERE source_id = ? ORDER BY id""", (source_id,))]
    return data


def source_ids(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM sources ORDER BY id")]


def counts(conn) -> dict[str, int]:
    return {table: conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0] for table in COUNTED}
