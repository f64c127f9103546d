"""Research-log provenance: every quoted citation is traceable to the search that returned it.

Researchers keep one log per jurisdiction, research/XX.md, listing each look-up (corpus and query),
the URL it returned and the excerpt lines that hold each quote. This check makes that trail
mechanical: every `quote` cited in data/jurisdictions/XX.yml must appear in research/XX.md. A quote
that is not in the log was either mistyped or not copied from what the search returned; both are
worth a person's look before the record is published.

Comparison ignores case, Unicode width forms, quotation marks and spacing (logs are Markdown, so
line breaks and `>` quoting differ from the YAML). An elision written "..." or "…" in the quote
splits it: each part must appear in the log.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from .validate import validate as validate_data

_MARKS = re.compile(r"[\"'“”‘’„«»‹›`*>\[\]…]")
_ELISION = re.compile(r"\s*(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*")


@dataclass
class Finding:
    file: str
    record: str
    source: str
    quote: str
    reason: str

    def __str__(self) -> str:
        short = self.quote if len(self.quote) <= 90 else self.quote[:87] + "..."
        return f"{self.file}: {self.record}: citation of {self.source}: {self.reason}: {short!r}"


@dataclass
class Report:
    files: int
    quotes: int
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not self.findings


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_MARKS.sub(" ", text).split())


def quote_in_log(quote: str, log: str) -> bool:
    """True when every elided part of the quote occurs in the (normalised) log text."""
    parts = [p for p in _ELISION.split(quote) if normalise(p)]
    return bool(parts) and all(normalise(p) in log for p in parts)


def check(data_dir: Path, research_dir: Path) -> Report:
    """Check every citation quote in data/jurisdictions against research/XX.md.

    Raises InvalidData when data/ itself does not validate: provenance is checked on valid data only.
    """
    dataset = validate_data(Path(data_dir))
    findings: list[Finding] = []
    quotes = 0
    for rel, parsed in sorted(dataset.jurisdictions.items()):
        log_path = Path(research_dir) / f"{parsed.code}.md"
        log = normalise(log_path.read_text(encoding="utf-8")) if log_path.exists() else None
        for record in [*parsed.statuses, *parsed.approvals]:
            for citation in record.citations:
                quotes += 1
                if log is None:
                    findings.append(Finding(rel, record.id, citation.source, citation.quote,
                                            f"no research log research/{parsed.code}.md"))
                elif not quote_in_log(citation.quote, log):
                    findings.append(Finding(rel, record.id, citation.source, citation.quote,
                                            f"quote not found in research/{parsed.code}.md"))
    return Report(files=len(dataset.jurisdictions), quotes=quotes, findings=findings)


def render(report: Report, fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps({"files": report.files, "quotes": report.quotes, "ok": report.ok,
                           "findings": [asdict(f) for f in report.findings]}, ensure_ascii=False, indent=2)
    lines = [str(f) for f in report.findings]
    lines.append(f"{report.quotes} quotes in {report.files} files; "
                 f"{len(report.findings)} not traceable to a research log.")
    return "\n".join(lines)
