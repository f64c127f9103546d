"""How far the research has got: each coverage area of data/coverage.yml measured against the built database.

The plan (which jurisdictions an area must cover, and its targets) is data; the figures are read from
the database, so they count exactly what the API and Datasette serve.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .loader import InvalidData, Problem, read_yaml
from .places import place

SUBSTANCES = ("ketamine", "esketamine")


class Targets(BaseModel):
    model_config = ConfigDict(extra="forbid")
    known: float = Field(ge=0, le=1)
    primary: float = Field(ge=0, le=1)


class Area(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    issue: Optional[int] = None
    targets: Targets
    codes: list[str] = Field(min_length=1)

    @field_validator("codes")
    @classmethod
    def _known_codes(cls, codes: list[str]) -> list[str]:
        unknown = [c for c in codes if place(c) is None]
        if unknown:
            raise ValueError(f"not a jurisdiction code: {', '.join(unknown)}")
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        if repeated:
            raise ValueError(f"listed twice: {', '.join(repeated)}")
        return codes


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid")
    areas: list[Area] = Field(min_length=1)


def load_plan(path: Path) -> Plan:
    """Read data/coverage.yml; every problem is reported as file:record: field: rule."""
    problems: list[Problem] = []
    rel = f"data/{path.name}"
    if not path.exists():
        raise InvalidData([Problem(rel, "-", "-", "file is missing")])
    raw = read_yaml(path, rel, problems)
    if problems:
        raise InvalidData(problems)
    try:
        plan = Plan.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = err["loc"]
            record = "-"
            if len(loc) >= 2 and loc[0] == "areas" and isinstance(loc[1], int):
                areas = raw.get("areas") if isinstance(raw, dict) else None
                item = areas[loc[1]] if isinstance(areas, list) and loc[1] < len(areas) else None
                record = str(item.get("id", f"areas[{loc[1]}]")) if isinstance(item, dict) else f"areas[{loc[1]}]"
                loc = loc[2:]
            problems.append(Problem(rel, record, ".".join(str(p) for p in loc) or "-", err["msg"]))
        raise InvalidData(problems) from None
    ids = [a.id for a in plan.areas]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem(rel, dup, "id", "area id is used twice"))
    if problems:
        raise InvalidData(problems)
    return plan


@dataclass
class Cell:
    control_status: str
    schedule_label: Optional[str]
    schedule_label_en: Optional[str]
    effective_from: Optional[str]
    verification: str
    research_note: Optional[str]
    medical_use: str


@dataclass
class Row:
    code: str
    name: str
    has_file: bool
    cells: dict[str, Cell]


@dataclass
class AreaReport:
    id: str
    name: str
    issue: Optional[int]
    jurisdictions: int
    files: int
    known: int
    primary: int
    secondary: int
    unverified: int
    known_share: float
    primary_share: float
    target_known: float
    target_primary: float
    met: bool
    esketamine_known: int
    # Jurisdictions whose current ketamine record says whether it may be used in medicine.
    medical_use_known: int
    # Jurisdictions with at least one esketamine marketing authorisation in their own file. EU member
    # states also fall under the EU-level authorisation recorded in EU.yml, which is not counted here.
    approvals: int
    rows: list[Row] = field(default_factory=list)

    @property
    def unknown(self) -> list[Row]:
        return [r for r in self.rows if r.cells["ketamine"].control_status == "unknown"]


def _cells(db: sqlite3.Connection, code: str) -> dict[str, Cell]:
    cells = {}
    for substance in SUBSTANCES:
        row = db.execute(
            """SELECT cs.control_status, cs.schedule_label, cs.schedule_label_en, cs.effective_from,
                      cs.verification, s.research_note, cs.medical_use
               FROM current_status cs LEFT JOIN statuses s ON s.id = cs.status_id
               WHERE cs.jurisdiction = ? AND cs.substance = ?""", (code, substance)).fetchone()
        if row is None:
            cells[substance] = Cell("unknown", None, None, None, "unverified", None, "unknown")
        else:
            cells[substance] = Cell(*row)
    return cells


def _with_approvals(db: sqlite3.Connection, codes: list[str]) -> int:
    marks = ",".join("?" * len(codes))
    return db.execute(f"""SELECT COUNT(DISTINCT jurisdiction) FROM approvals
                          WHERE substance = 'esketamine' AND jurisdiction IN ({marks})""", codes).fetchone()[0]


def measure(db_path: Path, plan: Plan, area_ids: Optional[list[str]] = None) -> list[AreaReport]:
    """Count, per area, the jurisdictions with a file, a known ketamine status and a primary one."""
    if not Path(db_path).exists():
        raise FileNotFoundError(f"{db_path} does not exist: run `make build` first")
    wanted = set(area_ids or [a.id for a in plan.areas])
    missing = wanted - {a.id for a in plan.areas}
    if missing:
        raise KeyError(f"no coverage area {', '.join(sorted(missing))}; "
                       f"known: {', '.join(a.id for a in plan.areas)}")
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        reports = []
        for area in plan.areas:
            if area.id not in wanted:
                continue
            rows = []
            for code in sorted(area.codes):
                found = db.execute("SELECT name, researched FROM jurisdictions WHERE code = ?", (code,)).fetchone()
                name, researched = found if found else (place(code).name, 0)
                rows.append(Row(code, name, bool(researched), _cells(db, code)))
            n = len(rows)
            ket = [r.cells["ketamine"] for r in rows]
            known = sum(c.control_status != "unknown" for c in ket)
            primary = sum(c.control_status != "unknown" and c.verification == "primary" for c in ket)
            secondary = sum(c.control_status != "unknown" and c.verification == "secondary" for c in ket)
            unverified = known - primary - secondary  # a cited status not yet checked at either level
            files = sum(r.has_file for r in rows)
            reports.append(AreaReport(
                id=area.id, name=area.name, issue=area.issue, jurisdictions=n, files=files,
                known=known, primary=primary, secondary=secondary, unverified=unverified,
                known_share=known / n, primary_share=primary / n,
                target_known=area.targets.known, target_primary=area.targets.primary,
                met=(files == n and known / n >= area.targets.known and primary / n >= area.targets.primary),
                esketamine_known=sum(r.cells["esketamine"].control_status != "unknown" for r in rows),
                medical_use_known=sum(c.medical_use != "unknown" for c in ket),
                approvals=_with_approvals(db, [r.code for r in rows]),
                rows=rows))
        return reports
    finally:
        db.close()


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def summary_table(reports: list[AreaReport]) -> str:
    lines = ["| area | jurisdictions | files | ketamine known | primary | secondary | known but unverified | "
             "ketamine medical use known | esketamine known | esketamine authorisation recorded | "
             "target (known / primary) | met |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in reports:
        lines.append(f"| {r.name} | {r.jurisdictions} | {r.files} | {r.known} ({_pct(r.known_share)}) | "
                     f"{r.primary} ({_pct(r.primary_share)}) | {r.secondary} | {r.unverified} | "
                     f"{r.medical_use_known} | {r.esketamine_known} | {r.approvals} | "
                     f"{_pct(r.target_known)} / {_pct(r.target_primary)} | {'yes' if r.met else 'no'} |")
    return "\n".join(lines)


def _label(cell: Cell) -> str:
    if not cell.schedule_label:
        return ""
    label = cell.schedule_label.replace("|", "/")
    return f"{label} ({cell.schedule_label_en})" if cell.schedule_label_en else label


def _first_sentence(text: Optional[str], limit: int = 160) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    end = text.find(". ")
    sentence = text if end == -1 else text[:end + 1]
    return (sentence[:limit - 1] + "…" if len(sentence) > limit else sentence).replace("|", "/")


def area_table(report: AreaReport) -> str:
    lines = [f"### {report.name}" + (f" (issue {report.issue})" if report.issue else ""), "",
             "| code | jurisdiction | substance | status | label | since | verification |",
             "|---|---|---|---|---|---|---|"]
    for row in report.rows:
        for substance in SUBSTANCES:
            c = row.cells[substance]
            name = row.name if row.has_file else f"{row.name} (no file)"
            lines.append(f"| {row.code} | {name} | {substance} | {c.control_status} | {_label(c)} | "
                         f"{c.effective_from or ''} | {c.verification} |")
    if report.unknown:
        lines += ["", "Ketamine still `unknown`, and why (first sentence of the research note):", ""]
        lines += [f"- {r.code}: {_first_sentence(r.cells['ketamine'].research_note) or 'no file yet'}"
                  for r in report.unknown]
    return "\n".join(lines)


def render(reports: list[AreaReport], fmt: str = "text", details: bool = False) -> str:
    if fmt == "json":
        out = []
        for r in reports:
            d = asdict(r)
            if not details:
                d.pop("rows")
            out.append(d)
        return json.dumps(out, ensure_ascii=False, indent=2)
    if fmt == "markdown":
        parts = [summary_table(reports)]
        if details:
            parts += [area_table(r) for r in reports]
        return "\n\n".join(parts)
    lines = []
    for r in reports:
        lines.append(f"{r.name}: {r.files}/{r.jurisdictions} files; ketamine known {r.known} "
                     f"({_pct(r.known_share)}, target {_pct(r.target_known)}), primary {r.primary} "
                     f"({_pct(r.primary_share)}, target {_pct(r.target_primary)}); "
                     f"esketamine authorisation recorded for {r.approvals}; "
                     f"{'target met' if r.met else 'target not met'}")
        if details:
            missing = [row.code for row in r.rows if not row.has_file]
            if missing:
                lines.append(f"  no file: {' '.join(missing)}")
            lines.append(f"  ketamine unknown: {' '.join(row.code for row in r.unknown) or '-'}")
    return "\n".join(lines)
