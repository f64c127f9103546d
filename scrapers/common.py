"""What every structured scraper shares: its errors, its findings, and look-ups of curated records."""

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Optional

from service.loader import Dataset
from service.schema import Approval, Status

FINDING_STATUSES = ("agree", "disagree", "missing", "error", "note")
"""agree/disagree: official value vs curated value; missing: present on one side only;
error: the scraper could not read the source; note: information that needs no action."""

FAILING_STATUSES = frozenset({"disagree", "missing", "error"})


class ScraperError(Exception):
    """A scraper could not produce observations from its source."""


class StructureError(ScraperError):
    """A fetched document does not have the structure the scraper relies on."""


class FetchFailed(ScraperError):
    """A document a scraper needs could not be fetched."""


@dataclass(frozen=True)
class Finding:
    """One result of comparing an official source with the curated records."""

    scraper: str
    status: str
    subject: str
    message: str
    url: Optional[str] = None
    record_id: Optional[str] = None
    secondary: bool = False

    def __post_init__(self):
        if self.status not in FINDING_STATUSES:
            raise ValueError(f"finding status must be one of {FINDING_STATUSES}, got {self.status!r}")

    def to_dict(self) -> dict:
        return asdict(self)


def _start(value: Optional[str]) -> str:
    """Earliest day a partial date can mean ('' for an open start)."""
    if value is None:
        return ""
    return "-".join((value.split("-") + ["01", "01"])[:3])


def current_status(dataset: Dataset, code: str, substance: str, today: Optional[dt.date] = None) -> Optional[Status]:
    """The status in force today for a jurisdiction and substance, or None when there is none."""
    day = (today or dt.date.today()).isoformat()
    for jf in dataset.jurisdictions.values():
        if jf.code != code:
            continue
        for status in jf.statuses:
            if status.substance != substance or _start(status.effective_from) > day:
                continue
            if status.effective_to is None or _start(status.effective_to) > day:
                return status
    return None


def approvals(dataset: Dataset, code: str, substance: str) -> list[Approval]:
    """Every curated approval for a jurisdiction and substance."""
    return [
        approval
        for jf in dataset.jurisdictions.values() if jf.code == code
        for approval in jf.approvals if approval.substance == substance
    ]


def researched(dataset: Dataset, code: str) -> bool:
    """Whether data/ has a file for the jurisdiction."""
    return any(jf.code == code for jf in dataset.jurisdictions.values())


def describe_status(status: Status) -> str:
    """A status as a curator would read it in a finding: label, provision, id."""
    parts = [status.control_status]
    if status.schedule_label is not None:
        parts.append(status.schedule_label)
    else:
        parts.append("no schedule label")
    if status.provision is not None:
        provision = " ".join(status.provision.split())
        parts.append(provision if len(provision) <= 160 else provision[:157] + "...")
    return f"{', '.join(parts)} ({status.id})"


def fetch_document(fetcher, url: str):
    """Fetch a document a scraper needs; raise FetchFailed with the reason when that fails."""
    result = fetcher.fetch(url)
    if not result.ok:
        raise FetchFailed(f"could not fetch {url}: {result.error}")
    return result
