"""Double-research quality control: compare independent second passes with the published records.

A second researcher, who has not seen the first answer, writes research/double/XX.yml in the same
format as data/jurisdictions/XX.yml. This module compares the two on what a reader relies on: the
current control status of each substance, its schedule label and the verification level. It only
reports; resolving a disagreement is a person's job, against the primary text.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Optional

from .loader import Dataset, InvalidData, Problem, load_reference, parse_model, read_yaml
from .schema import JurisdictionFile
from .validate import check_dataset

SUBSTANCES = ("ketamine", "esketamine")


@dataclass
class Side:
    control_status: str
    schedule_label: Optional[str]
    verification: str


@dataclass
class Comparison:
    code: str
    substance: str
    first: Side
    second: Side

    @property
    def status_agrees(self) -> bool:
        return self.first.control_status == self.second.control_status

    @property
    def label_agrees(self) -> Optional[bool]:
        """None when either side has no label, or the statuses differ (then the label is moot).

        Labels agree when one contains the other once case, spacing and "No."/"№" are ignored:
        "II-P" and "Substancje psychotropowe grupy II-P" name the same list; "Liste B" and
        "Liste C" do not.
        """
        a, b = self.first.schedule_label, self.second.schedule_label
        if not self.status_agrees or not a or not b:
            return None
        short, long = sorted((_norm(a), _norm(b)), key=len)
        if len(short) <= 3:  # "I" must not match inside "II": whole words only
            return f" {short} " in f" {long} "
        return short in long


def _norm(label: str) -> str:
    text = unicodedata.normalize("NFKC", label).casefold()
    return " ".join(text.replace("no.", "").replace("№", "").replace(",", " ").split())


def _current(parsed: JurisdictionFile, substance: str) -> Side:
    # The period in force now is the one with no end date; several would be a data error the
    # validator catches for data/, so take the latest start among them.
    open_periods = [s for s in parsed.statuses if s.substance == substance and s.effective_to is None]
    if not open_periods:
        return Side("unknown", None, "unverified")
    status = max(open_periods, key=lambda s: s.effective_from or "")
    return Side(status.control_status, status.schedule_label, status.verification)


def _load(path: Path, rel: str, problems: list[Problem]) -> Optional[JurisdictionFile]:
    raw = read_yaml(path, rel, problems)
    return parse_model(JurisdictionFile, raw, rel, problems) if raw is not None else None


def compare(data_dir: Path, double_dir: Path) -> tuple[list[Comparison], list[str]]:
    """Compare every research/double/XX.yml with data/jurisdictions/XX.yml.

    Returns the comparisons and the codes that have a second pass but no published file.
    """
    problems: list[Problem] = []
    comparisons, orphans = [], []
    for path in sorted(Path(double_dir).glob("*.yml")):
        code = path.stem
        second = _load(path, f"research/double/{path.name}", problems)
        first_path = Path(data_dir) / "jurisdictions" / path.name
        if not first_path.exists():
            orphans.append(code)
            continue
        first = _load(first_path, f"data/jurisdictions/{path.name}", problems)
        if first is None or second is None:
            continue
        for substance in SUBSTANCES:
            comparisons.append(Comparison(code, substance, _current(first, substance), _current(second, substance)))
    if problems:
        raise InvalidData(problems)
    return comparisons, orphans


def check(double_dir: Path, code: str, data_dir: Optional[Path] = None) -> list[str]:
    """Validate one second-pass file on its own, without reading the published record.

    This is what a blind second researcher runs: it says whether research/double/XX.yml parses,
    whether its records pass the rules `ketamine validate` applies to data/ (citations point at
    sources in the file, quotes in other languages carry quote_en, a controlled status names its
    instrument, an unknown one has a research note, periods do not overlap, URLs are not blocked),
    and which substances have a status. With data_dir it takes substances.yml and blocked_domains.yml
    from there; the published jurisdiction records are never shown. A missing substance is reported
    as a line, not an error: a second pass may research one substance only. Raises InvalidData
    naming the file, record and field; FileNotFoundError when the file is absent.
    """
    code = code.upper()
    path = Path(double_dir) / f"{code}.yml"
    if not path.exists():
        raise FileNotFoundError(path)
    rel = f"research/double/{path.name}"
    problems: list[Problem] = []
    parsed = _load(path, rel, problems)
    if problems or parsed is None:
        raise InvalidData(problems)
    if parsed.code != code:
        raise InvalidData([Problem(rel, "code", "code",
                                   f"file is named {code}.yml but says code: {parsed.code}")])
    reference = load_reference(Path(data_dir))[0] if data_dir is not None else Dataset(root=Path(double_dir))
    one_file = Dataset(root=Path(double_dir), substances=reference.substances,
                       blocked_domains=reference.blocked_domains, jurisdictions={rel: parsed})
    problems = [p for p in check_dataset(one_file) if p.field != "statuses"]
    if problems:
        raise InvalidData(problems)
    lines = []
    for substance in SUBSTANCES:
        side = _current(parsed, substance)
        given = any(s.substance == substance for s in parsed.statuses)
        lines.append(f"{substance}: {side.control_status}, {side.verification}" if given
                     else f"{substance}: no status recorded (add one, `unknown` with a research_note if need be)")
    return lines


@dataclass
class Summary:
    jurisdictions: int
    pairs: int
    status_disagreements: int
    label_disagreements: int
    jurisdictions_disagreeing: int
    informative_pairs: int  # at least one pass established a status (both unknown is agreement by default)
    contradictions: int  # both passes established a status, and the statuses differ
    omissions: int  # one pass established a status, the other left it unknown

    @property
    def rate(self) -> float:
        return self.status_disagreements / self.pairs if self.pairs else 0.0

    @property
    def informative_rate(self) -> float:
        return self.status_disagreements / self.informative_pairs if self.informative_pairs else 0.0


def summarise(comparisons: list[Comparison]) -> Summary:
    codes = {c.code for c in comparisons}
    disagreeing = {c.code for c in comparisons if not c.status_agrees or c.label_agrees is False}
    return Summary(
        jurisdictions=len(codes), pairs=len(comparisons),
        status_disagreements=sum(not c.status_agrees for c in comparisons),
        label_disagreements=sum(c.label_agrees is False for c in comparisons),
        jurisdictions_disagreeing=len(disagreeing),
        informative_pairs=sum(not (c.first.control_status == c.second.control_status == "unknown")
                              for c in comparisons),
        contradictions=sum(not c.status_agrees and "unknown" not in (c.first.control_status, c.second.control_status)
                           for c in comparisons),
        omissions=sum(not c.status_agrees and "unknown" in (c.first.control_status, c.second.control_status)
                      for c in comparisons))


def _cell(side: Side) -> str:
    label = f" ({side.schedule_label})" if side.schedule_label else ""
    return f"{side.control_status}{label}, {side.verification}".replace("|", "/")


def render(comparisons: list[Comparison], orphans: list[str], fmt: str = "markdown") -> str:
    summary = summarise(comparisons)
    if fmt == "json":
        return json.dumps({
            "summary": {**asdict(summary), "status_disagreement_rate": round(summary.rate, 4),
                        "informative_disagreement_rate": round(summary.informative_rate, 4)},
            "comparisons": [{**asdict(c), "status_agrees": c.status_agrees, "label_agrees": c.label_agrees}
                            for c in comparisons],
            "second_pass_without_record": orphans}, ensure_ascii=False, indent=2)
    lines = ["| code | substance | first pass (published) | second pass | status | label |",
             "|---|---|---|---|---|---|"]
    for c in comparisons:
        label = {None: "–", True: "agree", False: "DIFFER"}[c.label_agrees]
        lines.append(f"| {c.code} | {c.substance} | {_cell(c.first)} | {_cell(c.second)} | "
                     f"{'agree' if c.status_agrees else 'DIFFER'} | {label} |")
    lines += ["", f"{summary.jurisdictions} jurisdictions researched twice; {summary.pairs} "
              f"jurisdiction × substance pairs; status disagreements {summary.status_disagreements} "
              f"({100 * summary.rate:.0f}%); label disagreements where the status agrees "
              f"{summary.label_disagreements}; jurisdictions with any disagreement "
              f"{summary.jurisdictions_disagreeing}.",
              f"Pairs where at least one pass established a status: {summary.informative_pairs}; "
              f"of these, {summary.status_disagreements} disagree ({100 * summary.informative_rate:.0f}%): "
              f"{summary.contradictions} contradictions (both established, different statuses) and "
              f"{summary.omissions} omissions (one pass found a source, the other left it unknown)."]
    if orphans:
        lines.append(f"Second pass without a published record: {', '.join(orphans)}.")
    return "\n".join(lines)
