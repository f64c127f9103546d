"""Re-check every cited source: fetch it once, look for each quote, hash it, compare with last time.

The report is a JSON-able dict (see `verify_citations`); `write_report` stores it pretty-printed
so runs can be compared, and `source_check_rows` turns it into rows for the `source_checks` table.
Nothing here writes to data/.
"""

import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from tqdm import tqdm

from service.loader import Dataset

from .http import Fetcher, FetchResult
from .snapshots import SnapshotError, text_diff
from .text import Searchable, extract_text

REPORT_VERSION = 1
MAX_CONSECUTIVE_CONNECTION_FAILURES = 5
"""After this many sources in a row fail to connect, the network is taken to be down."""


class ReportError(Exception):
    """A verification report could not be read or written."""


@dataclass(frozen=True)
class CitationRef:
    """Where a quote is cited: the record and the citation's position in it."""

    source_id: str
    record_kind: str  # "status" or "approval"
    record_id: str
    position: int
    quote: str


def citations_by_source(dataset: Dataset) -> dict[str, list[CitationRef]]:
    """Every citation, grouped by the source it quotes."""
    grouped: dict[str, list[CitationRef]] = {}
    for _, jf in sorted(dataset.jurisdictions.items()):
        for kind, records in (("status", jf.statuses), ("approval", jf.approvals)):
            for record in records:
                for position, citation in enumerate(record.citations):
                    grouped.setdefault(citation.source, []).append(
                        CitationRef(citation.source, kind, record.id, position, citation.quote))
    return grouped


def _previous_hashes(previous: Optional[dict]) -> dict[str, tuple[str, Optional[str]]]:
    """source_id -> (url, content_hash) from an earlier report."""
    if previous is None:
        return {}
    return {s["source_id"]: (s.get("url"), s.get("content_hash"))
            for s in previous.get("sources", []) if isinstance(s, dict) and "source_id" in s}


def _check_source(source, refs, result: FetchResult, previous, fetcher) -> dict:
    entry = {"source_id": source.id, **result.summary(), "text_kind": None,
             "previous_hash": None, "changed": None, "diff": [], "citations": []}
    prior_url, prior_hash = previous.get(source.id, (None, None))
    if prior_url == source.url and prior_hash is not None:
        entry["previous_hash"] = prior_hash
        if result.sha256 is not None:
            entry["changed"] = result.sha256 != prior_hash
    searchable, reason = None, result.error
    if result.ok:
        extracted = extract_text(result.body, result.content_type)
        entry["text_kind"] = extracted.kind
        if extracted.warning is not None:
            entry["notes"].append(extracted.warning)
        if extracted.error is not None:
            entry["error"], reason = extracted.error, extracted.error
        else:
            searchable = Searchable(extracted.text)
            if entry["changed"]:
                entry["diff"] = _diff(fetcher, prior_hash, result, extracted.text)
    for ref in refs:
        check = {"record_kind": ref.record_kind, "record_id": ref.record_id, "position": ref.position,
                 "quote": ref.quote, "quote_found": None, "near_match": None, "error": None}
        if searchable is None:
            check["error"] = f"not checked: {reason}"
        else:
            check["quote_found"] = searchable.contains(ref.quote)
            if not check["quote_found"]:
                check["error"] = "quote not found in the fetched document"
                if searchable.contains_ignoring_case(ref.quote):
                    check["near_match"] = "found when case is ignored"
        entry["citations"].append(check)
    return entry


def _diff(fetcher: Fetcher, prior_hash: str, result: FetchResult, new_text: str) -> list[str]:
    if fetcher.snapshots is None:
        return []
    try:
        old_body = fetcher.snapshots.load(prior_hash)
        if old_body is None:
            return []
        version = next((v for v in fetcher.snapshots.index().get(result.url, [])
                        if v.get("sha256") == prior_hash), {})
    except SnapshotError as exc:
        return [f"(no diff: {exc})"]
    old = extract_text(old_body, version.get("content_type") or result.content_type)
    return text_diff(old.text, new_text, f"previous {prior_hash[:12]}", f"now {result.sha256[:12]}")


def verify_citations(dataset: Dataset, fetcher: Fetcher, progress: bool = True,
                     previous: Optional[dict] = None) -> dict:
    """Fetch each source once, check each quote, and return the report (a JSON-able dict)."""
    grouped = citations_by_source(dataset)
    sources = sorted((s for jf in dataset.jurisdictions.values() for s in jf.sources), key=lambda s: s.id)
    prior = _previous_hashes(previous)
    by_url: dict[str, FetchResult] = {}
    entries, offline_after = [], 0
    bar = tqdm(sources, desc="verify", unit="source", file=sys.stderr, disable=None if progress else True)
    for source in bar:
        if offline_after >= MAX_CONSECUTIVE_CONNECTION_FAILURES and source.url not in by_url:
            by_url[source.url] = FetchResult(
                source.url, source.url, fetcher.now(), error_kind="connection",
                error=f"not attempted: the network looks unreachable ({offline_after} sources in a row "
                      "could not connect)")
        if source.url not in by_url:
            by_url[source.url] = fetcher.fetch(source.url)
            failed = by_url[source.url].error_kind in ("connection", "timeout")
            offline_after = offline_after + 1 if failed else 0
        entries.append(_check_source(source, grouped.get(source.id, []), by_url[source.url], prior, fetcher))
    bar.close()
    return {"report_version": REPORT_VERSION, "kind": "verify", "checked_at": fetcher.now(),
            "summary": summarise(entries), "sources": entries, "failures": failures(entries)}


def summarise(entries: list[dict]) -> dict:
    citations = [c for e in entries for c in e["citations"]]
    return {
        "sources": len(entries),
        "sources_ok": sum(1 for e in entries if e["error"] is None),
        "sources_failed": sum(1 for e in entries if e["error"] is not None),
        "sources_changed": sum(1 for e in entries if e["changed"]),
        "quotes": len(citations),
        "quotes_found": sum(1 for c in citations if c["quote_found"] is True),
        "quotes_not_found": sum(1 for c in citations if c["quote_found"] is False),
        "quotes_not_checked": sum(1 for c in citations if c["quote_found"] is None),
    }


def failures(entries: list[dict]) -> list[dict]:
    """One line per failed source and per quote not found, with the reason."""
    out = []
    for entry in entries:
        if entry["error"] is not None:
            out.append({"source_id": entry["source_id"], "url": entry["url"], "record_id": None,
                        "position": None, "reason": entry["error"]})
        for check in entry["citations"]:
            if check["quote_found"] is False:
                reason = "quote not found" + (f" ({check['near_match']})" if check["near_match"] else "")
                out.append({"source_id": entry["source_id"], "url": entry["url"],
                            "record_id": check["record_id"], "position": check["position"],
                            "reason": f"{reason}: {check['quote'][:120]!r}"})
    return out


def source_check_rows(report: dict) -> list[dict]:
    """Rows for the source_checks table: one per citation (one per source without citations).

    A citation is named by (status_id or approval_id, position), as in the citations table; the
    build maps that pair to the citation's id.
    """
    rows = []
    for entry in report.get("sources", []):
        base = {"source_id": entry["source_id"], "checked_at": entry["fetched_at"],
                "http_status": entry["http_status"], "content_hash": entry["content_hash"]}
        for check in entry["citations"] or [None]:
            row = {**base, "status_id": None, "approval_id": None, "position": None,
                   "quote_found": None, "error": entry["error"]}
            if check is not None:
                row[f"{check['record_kind']}_id"] = check["record_id"]
                row["position"] = check["position"]
                row["quote_found"] = None if check["quote_found"] is None else int(check["quote_found"])
                row["error"] = entry["error"] or check["error"]
            rows.append(row)
    return rows


def load_report(path: Path) -> Optional[dict]:
    """A report written earlier, or None when there is none yet."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportError(f"{path} is not a readable report: {exc}") from None
    if not isinstance(report, dict) or not isinstance(report.get("sources", []), list):
        raise ReportError(f"{path} is not a report: expected an object with a 'sources' list")
    return report


def write_report(report: dict, path: Path, data_dir: Optional[Path] = None) -> None:
    """Write a report as pretty-printed JSON, atomically; refuses any path inside data_dir."""
    path = Path(path)
    if data_dir is not None and path.resolve().is_relative_to(Path(data_dir).resolve()):
        raise ReportError(f"refusing to write {path} inside {data_dir}: nothing writes to data/")
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except OSError as exc:
        raise ReportError(f"could not write {path}: {exc}") from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
