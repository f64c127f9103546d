"""Cross-record checks on a loaded dataset: the rules a single record's types cannot express."""

import re
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

from .loader import Dataset, InvalidData, Problem, load_dataset
from .places import place
from .vocab import PRIMARY_KINDS, MedicalUse


def _start(value: Optional[str]) -> str:
    """Earliest day a partial date can mean, as a sortable string ('' for open start)."""
    if value is None:
        return ""
    parts = value.split("-") + ["01", "01"]
    return "-".join(parts[:3])


def _end(value: Optional[str]) -> str:
    return "9999-12-31" if value is None else _start(value)


def _domain_blocked(host: str, blocked: list[str]) -> Optional[str]:
    host = host.lower().rstrip(".")
    for domain in blocked:
        if host == domain or host.endswith("." + domain):
            return domain
    return None


def check_url(url: str, blocked: list[str]) -> Optional[str]:
    """Return why a URL may not be cited, or None if it may."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "must be an http(s) URL"
    domain = _domain_blocked(parts.hostname or "", blocked)
    if domain:
        return f"domain {domain} is on the blocked list (data/blocked_domains.yml)"
    return None


_PINNED_GIT_FILE = re.compile(r"^/[^/]+/[^/]+/blob/[0-9a-f]{40}/.+")


def check_repository_copy(src) -> Optional[tuple[str, str]]:
    """A source read in a public Git repository must be pinned and labelled; return (field, why) if not.

    A file on github.com changes under the same branch URL, so the URL must name the commit that was
    read; and such a file is never the official publication, so its publisher must say "unofficial".
    """
    parts = urlsplit(src.url)
    if (parts.hostname or "").lower() != "github.com":
        return None
    if not _PINNED_GIT_FILE.match(parts.path):
        return ("url", "a file in a Git repository must be cited at the commit read: "
                       "https://github.com/<owner>/<repo>/blob/<40-hex commit>/<path>")
    if "unofficial" not in src.publisher.lower():
        return ("publisher", "a copy in a Git repository must say so: "
                             "'<repo> GitHub repository (unofficial ... copy of <official portal>)'")
    return None


def check_dataset(dataset: Dataset) -> list[Problem]:
    """Return every cross-record problem in the dataset."""
    problems: list[Problem] = []
    substances = {s.id for s in dataset.substances.substances} if dataset.substances else set()
    source_ids: dict[str, str] = {}
    record_ids: dict[str, str] = {}

    if dataset.substances:
        seen = set()
        for i, sub in enumerate(dataset.substances.substances):
            if sub.id in seen:
                problems.append(Problem("data/substances.yml", sub.id, "id", "duplicate substance id"))
            seen.add(sub.id)

    for rel, jf in dataset.jurisdictions.items():
        expected = Path(rel).stem
        if jf.code != expected:
            problems.append(Problem(rel, "-", "code", f"'{jf.code}' does not match the file name ({expected}.yml)"))
        if place(jf.code) is None:
            problems.append(Problem(rel, "-", "code", f"'{jf.code}' is not an ISO 3166 code, INT, EU or XK"))
        for src in jf.sources:
            if src.id in source_ids:
                problems.append(Problem(rel, src.id, "id", f"duplicate source id (also in {source_ids[src.id]})"))
            source_ids.setdefault(src.id, rel)
            copy = check_repository_copy(src)
            if copy:
                problems.append(Problem(rel, src.id, *copy))
            for fld in ("url", "archive_url"):
                value = getattr(src, fld)
                reason = check_url(value, dataset.blocked_domains) if value else None
                if reason:
                    problems.append(Problem(rel, src.id, fld, f"{value!r} {reason}"))
        for rec in [*jf.statuses, *jf.approvals]:
            if rec.id in record_ids:
                problems.append(Problem(rel, rec.id, "id", f"duplicate record id (also in {record_ids[rec.id]})"))
            record_ids.setdefault(rec.id, rel)

    sources = {src.id: src for jf in dataset.jurisdictions.values() for src in jf.sources}
    for rel, jf in dataset.jurisdictions.items():
        for substance in sorted(substances):
            if not any(st.substance == substance for st in jf.statuses):
                problems.append(Problem(rel, "-", "statuses", f"no {substance} status: every file needs one per "
                                        "substance (use unknown with a research note if it is not established)"))
        for kind, records in (("statuses", jf.statuses), ("approvals", jf.approvals)):
            for rec in records:
                if substances and rec.substance not in substances:
                    problems.append(Problem(rel, rec.id, "substance", f"unknown substance '{rec.substance}' (known: {', '.join(sorted(substances))})"))
                for i, cit in enumerate(rec.citations):
                    if cit.source not in source_ids:
                        problems.append(Problem(rel, rec.id, f"citations[{i}].source", f"no source with id '{cit.source}'"))
                    elif not sources[cit.source].language.lower().startswith("en") and cit.quote and not cit.quote_en:
                        problems.append(Problem(rel, rec.id, f"citations[{i}].quote_en",
                                                f"the quote is in '{sources[cit.source].language}': add an English translation"))
        for st in jf.statuses:
            cited = [sources[c.source] for c in st.citations if c.source in sources]
            if st.verification == "primary" and cited and not any(src.kind in PRIMARY_KINDS for src in cited):
                problems.append(Problem(rel, st.id, "verification",
                                        "primary, but no quoted citation comes from the legal text or an official "
                                        f"body (source kind {', '.join(sorted(PRIMARY_KINDS))})"))
        for st in jf.statuses:
            problems += _check_status(rel, st)
        problems += _check_periods(rel, jf.statuses)
    return problems


def _check_status(rel: str, st) -> list[Problem]:
    out = []
    if st.effective_from and st.effective_to and _end(st.effective_to) <= _start(st.effective_from):
        out.append(Problem(rel, st.id, "effective_to", f"{st.effective_to} is not after effective_from {st.effective_from}"))
    if st.control_status == "controlled" and not st.legal_instrument:
        out.append(Problem(rel, st.id, "legal_instrument", "a controlled status must name its legal instrument"))
    if st.control_status == "unknown":
        if not st.research_note:
            out.append(Problem(rel, st.id, "research_note", "an unknown status needs a research note (what was searched, what was found)"))
    elif not st.citations:
        out.append(Problem(rel, st.id, "citations", f"a '{st.control_status}' status needs at least one citation"))
    if st.control_status == "prescription_only" and st.medical_use == MedicalUse.unknown:
        out.append(Problem(rel, st.id, "medical_use", "a prescription_only status is a prescription-only medicine: "
                           "medical_use must be permitted or restricted"))
    if st.verification == "primary" and not any(c.quote for c in st.citations):
        out.append(Problem(rel, st.id, "citations", "a primary record needs a citation with a quote"))
    return out


def _check_periods(rel: str, statuses) -> list[Problem]:
    out = []
    by_substance: dict[str, list] = {}
    for st in statuses:
        by_substance.setdefault(st.substance, []).append(st)
    for periods in by_substance.values():
        periods = sorted(periods, key=lambda s: _start(s.effective_from))
        for a, b in zip(periods, periods[1:]):
            if _start(b.effective_from) < _end(a.effective_to):
                out.append(Problem(rel, b.id, "effective_from", f"period overlaps '{a.id}' ({a.effective_from or 'open'} to {a.effective_to or 'now'})"))
    return out


def validate(root: Path) -> Dataset:
    """Load and check data/; return the dataset or raise InvalidData listing every problem."""
    dataset, problems = load_dataset(root)
    problems += check_dataset(dataset)
    if problems:
        raise InvalidData(problems)
    return dataset
