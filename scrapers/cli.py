"""Entry points for the `verify` and `watch` commands: run, print a report, return an exit code.

Exit codes: 0 nothing to act on; 1 failures (verify) or discrepancies (watch) were found; 2 the
run could not happen (invalid data/, unreadable recording, report not writable). Problems are
printed as messages; no traceback reaches the user. Nothing here writes to data/.
"""

import sys
from pathlib import Path
from typing import Optional, TextIO

from service.loader import Dataset, InvalidData
from service.validate import validate

from .http import OFFLINE_POLICY, Fetcher, FetchPolicy
from .replay import RecordingError, ReplayAdapter
from .snapshots import SnapshotError, SnapshotStore
from .verify import ReportError, load_report, verify_citations, write_report
from .watch import watch

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"
DEFAULT_VERIFY_REPORT = CACHE / "verify-report.json"
DEFAULT_WATCH_REPORT = CACHE / "watch-report.json"
DEFAULT_SNAPSHOTS = CACHE / "snapshots"
EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2
RUN_ERRORS = (RecordingError, ReportError, SnapshotError, OSError)


def make_fetcher(fixtures: Optional[Path], snapshot_dir: Optional[Path], policy: Optional[FetchPolicy]) -> Fetcher:
    """A live fetcher, or one answering from a recording folder when fixtures is given."""
    snapshots = SnapshotStore(snapshot_dir) if snapshot_dir is not None else None
    if fixtures is not None:
        return Fetcher(policy or OFFLINE_POLICY, snapshots=snapshots, adapter=ReplayAdapter(fixtures))
    return Fetcher(policy or FetchPolicy(), snapshots=snapshots)


def _load(data_dir: Path, err: TextIO, *paths: Optional[Path]) -> Optional[Dataset]:
    """The validated dataset, or None after printing why not; refuses output paths inside data/."""
    for path in paths:
        if path is not None and Path(path).resolve().is_relative_to(Path(data_dir).resolve()):
            print(f"error: refusing to write {path} inside {data_dir}: nothing writes to data/", file=err)
            return None
    try:
        return validate(Path(data_dir))
    except InvalidData as exc:
        print(f"error: {len(exc.problems)} problem(s) in {data_dir}; fix them first (ketamine validate):", file=err)
        for problem in exc.problems:
            print(f"  {problem}", file=err)
        return None


def verify_main(data_dir: Path, report_path: Path = DEFAULT_VERIFY_REPORT, *, fixtures: Optional[Path] = None,
                snapshot_dir: Optional[Path] = DEFAULT_SNAPSHOTS, progress: bool = True,
                policy: Optional[FetchPolicy] = None, out: Optional[TextIO] = None, err: Optional[TextIO] = None) -> int:
    """Check every cited quote against its source; write the JSON report; print a summary."""
    out, err = out or sys.stdout, err or sys.stderr
    dataset = _load(data_dir, err, report_path, snapshot_dir)
    if dataset is None:
        return EXIT_ERROR
    try:
        previous = load_report(report_path)
    except ReportError as exc:
        print(f"warning: {exc}; pages are not compared with an earlier run", file=err)
        previous = None
    try:
        with make_fetcher(fixtures, snapshot_dir, policy) as fetcher:
            report = verify_citations(dataset, fetcher, progress=progress, previous=previous)
        write_report(report, report_path, data_dir)
    except RUN_ERRORS as exc:
        print(f"error: {exc}", file=err)
        return EXIT_ERROR
    print(format_verify(report, report_path), file=out)
    return EXIT_FOUND if report["failures"] else EXIT_OK


def watch_main(data_dir: Path, report_path: Path = DEFAULT_WATCH_REPORT, *, fixtures: Optional[Path] = None,
               snapshot_dir: Optional[Path] = DEFAULT_SNAPSHOTS, progress: bool = True,
               policy: Optional[FetchPolicy] = None, out: Optional[TextIO] = None, err: Optional[TextIO] = None) -> int:
    """Compare official machine-readable sources with data/; write the JSON report; print it."""
    out, err = out or sys.stdout, err or sys.stderr
    dataset = _load(data_dir, err, report_path, snapshot_dir)
    if dataset is None:
        return EXIT_ERROR
    try:
        with make_fetcher(fixtures, snapshot_dir, policy) as fetcher:
            report = watch(dataset, fetcher, progress=progress)
        write_report(report, report_path, data_dir)
    except RUN_ERRORS as exc:
        print(f"error: {exc}", file=err)
        return EXIT_ERROR
    print(format_watch(report, report_path), file=out)
    return EXIT_FOUND if report["discrepancies"] else EXIT_OK


def format_verify(report: dict, report_path: Optional[Path] = None) -> str:
    """The verify report as a person reads it in a terminal."""
    s = report["summary"]
    lines = [
        f"Checked {s['sources']} sources and {s['quotes']} quotes at {report['checked_at']}",
        f"  sources: {s['sources_ok']} fetched, {s['sources_failed']} failed, "
        f"{s['sources_changed']} changed since the last check",
        f"  quotes:  {s['quotes_found']} found, {s['quotes_not_found']} not found, "
        f"{s['quotes_not_checked']} not checked (source failed)",
    ]
    skipped = [f for f in report["failures"] if f["reason"].startswith("not attempted")]
    if report["failures"]:
        lines.append("Failures:")
        for f in report["failures"]:
            if f in skipped:
                continue
            where = f" [{f['record_id']} citation {f['position']}]" if f["record_id"] is not None else ""
            lines.append(f"  {f['source_id']}{where}: {f['reason']}")
            lines.append(f"      {f['url']}")
    if skipped:
        lines.append(f"  ... and {len(skipped)} more sources {skipped[0]['reason']}")
    changed = [e for e in report["sources"] if e["changed"]]
    if changed:
        lines.append("Changed since the last check:")
        for e in changed:
            lines.append(f"  {e['source_id']}: {e['previous_hash'][:12]} -> {e['content_hash'][:12]}  {e['url']}")
            lines.extend(f"      {line}" for line in e["diff"][:12])
    redirected = [e for e in report["sources"] if e["redirects"]]
    if redirected:
        lines.append("Redirected:")
        lines.extend(f"  {e['source_id']}: {e['url']} -> {e['final_url']}" for e in redirected)
    if report_path is not None:
        lines.append(f"Report: {report_path}")
    return "\n".join(lines)


def format_watch(report: dict, report_path: Optional[Path] = None) -> str:
    """The watch report as a person reads it in a terminal."""
    s = report["summary"]
    lines = [f"Watched {len(report['scrapers'])} official sources ({', '.join(report['scrapers'])}) "
             f"at {report['checked_at']}",
             f"  {s['agree']} agree, {s['disagree']} disagree, {s['missing']} missing, "
             f"{s['error']} errors, {s['note']} notes"]
    for title, statuses in (("Discrepancies:", ("disagree", "missing", "error")), ("Agreements:", ("agree",)),
                            ("Notes:", ("note",))):
        chosen = [f for f in report["findings"] if f["status"] in statuses]
        if chosen:
            lines.append(title)
            for f in chosen:
                lines.append(f"  [{f['status']}] {f['subject']}: {f['message']}")
                if f["url"] is not None and f["status"] != "agree":
                    lines.append(f"      {f['url']}")
    if report_path is not None:
        lines.append(f"Report: {report_path}")
    return "\n".join(lines)
