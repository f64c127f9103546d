"""Read queries over the built database, returning plain dicts for the API schemas."""

import sqlite3
from typing import Optional

from ..places import place

STATUS_FIELDS = (
    "id", "substance", "control_status", "schedule_label", "schedule_label_en", "legal_instrument",
    "provision", "basis", "medical_use", "effective_from", "effective_from_precision", "effective_to",
    "effective_to_precision", "summary", "verification", "last_reviewed", "note", "research_note",
)


def _start(value: Optional[str]) -> str:
    if value is None:
        return ""
    return "-".join((value.split("-") + ["01", "01"])[:3])


def _window_end(value: str) -> str:
    """Last day a partial date can mean ('2014' -> '2014-12-31')."""
    parts = value.split("-")
    if len(parts) == 3:
        return value
    if len(parts) == 2:
        return f"{value}-31"
    return f"{value}-12-31"


def citations(conn: sqlite3.Connection, column: str, record_id: str) -> list[dict]:
    rows = conn.execute(
        f"""SELECT c.source_id, s.title, s.publisher, s.url, s.kind, s.language, c.quote, c.quote_en, c.locator
            FROM citations c JOIN sources s ON s.id = c.source_id
            WHERE c.{column} = ? ORDER BY c.position""",  # column is one of two fixed names
        (record_id,),
    )
    return [dict(r) for r in rows]


def _status_dict(conn, row) -> dict:
    data = {k: row[k] for k in STATUS_FIELDS}
    data["citations"] = citations(conn, "status_id", row["id"])
    return data


def substances(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM substances ORDER BY id")]


def jurisdiction(conn, code: str) -> dict:
    row = conn.execute("SELECT * FROM jurisdictions WHERE code = ?", (code,)).fetchone()
    if row is not None:
        return {"code": row["code"], "name": row["name"], "official_name": row["official_name"],
                "kind": row["kind"], "alpha3": row["alpha3"], "numeric": row["numeric"],
                "parent": row["parent"], "researched": bool(row["researched"]), "notes": row["notes"]}
    p = place(code)  # a valid code not in the table (e.g. a subdivision not yet researched)
    return {"code": p.code, "name": p.name, "official_name": p.official_name, "kind": p.kind,
            "alpha3": p.alpha3, "numeric": p.numeric, "parent": p.parent, "researched": False, "notes": None}


def unknown_status(substance: str, researched: bool, as_of: Optional[str] = None) -> dict:
    when = f"on {as_of}" if as_of else "today"
    summary = (f"No status in force {when} is recorded for {substance} here."
               if researched else "Not yet researched by this project: status unknown.")
    data = {k: None for k in STATUS_FIELDS}
    data.update(substance=substance, control_status="unknown", medical_use="unknown",
                verification="unverified", summary=summary, citations=[])
    return data


def status_on(conn, code: str, substance: str, day: str) -> Optional[dict]:
    """The status in force on day (YYYY-MM-DD), with how certain the date makes it."""
    rows = conn.execute(
        """SELECT * FROM statuses WHERE jurisdiction = ? AND substance = ?
           AND (effective_from IS NULL OR effective_from <= ?)
           AND (effective_to IS NULL OR effective_to > ?)
           ORDER BY effective_from DESC LIMIT 1""",
        (code, substance, day, day),
    ).fetchall()
    if not rows:
        return None
    data = _status_dict(conn, rows[0])
    uncertain = []
    for key in ("effective_from", "effective_to"):
        value = data[key]
        if value and data[f"{key}_precision"] != "day" and _start(value) <= day <= _window_end(value):
            uncertain.append(key)
    data["date_certain"] = not uncertain
    if uncertain:
        data["date_note"] = (
            f"{day} falls within the {', '.join(uncertain)} date known only to "
            f"{' and '.join(data[k + '_precision'] for k in uncertain)} precision; "
            "the status is shown from the first day of that period but may not yet (or may no longer) have applied."
        )
    return data


def statuses_for(conn, code: str) -> list[dict]:
    rows = conn.execute(
        "SELECT * FROM statuses WHERE jurisdiction = ? ORDER BY substance, effective_from", (code,)
    ).fetchall()
    return [_status_dict(conn, r) for r in rows]


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


def current_summary(conn, codes: list[str], today: str) -> dict[str, dict]:
    """For each code, {substance: compact current status}."""
    result: dict[str, dict] = {code: {} for code in codes}
    if not codes:
        return result
    placeholders = ",".join("?" * len(codes))
    rows = conn.execute(
        f"""SELECT jurisdiction, substance, control_status, schedule_label, legal_instrument,
                   effective_from, verification, summary, id
            FROM statuses WHERE jurisdiction IN ({placeholders})
            AND (effective_from IS NULL OR effective_from <= ?)
            AND (effective_to IS NULL OR effective_to > ?)""",
        (*codes, today, today),
    )
    for r in rows:
        result[r["jurisdiction"]][r["substance"]] = {
            k: r[k] for k in ("control_status", "schedule_label", "legal_instrument",
                              "effective_from", "verification", "summary")} | {"status_id": r["id"]}
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
