"""Run the structured scrapers and collect where official sources agree or disagree with data/.

Each scraper module has `NAME` and `run(fetcher, dataset) -> list[Finding]`: it fetches its
official document(s), reads observations from them (a pure function of the bytes) and compares
them with the curated records (a pure function of observations and dataset).
"""

import sys
from collections import Counter
from typing import Optional, Sequence

from tqdm import tqdm

from service.loader import Dataset

from . import ecfr, openfda, uk_legislation, wikidata
from .common import FAILING_STATUSES, Finding, ScraperError
from .http import Fetcher

REPORT_VERSION = 1
SCRAPERS = (ecfr, uk_legislation, openfda, wikidata)


def run_scraper(scraper, fetcher: Fetcher, dataset: Dataset) -> list[Finding]:
    """One scraper's findings; its failure becomes an error finding instead of stopping the others."""
    try:
        return scraper.run(fetcher, dataset)
    except ScraperError as exc:
        return [Finding(scraper.NAME, "error", scraper.NAME, str(exc))]
    # One broken scraper must not hide the others' results; a bug here is reported, not raised.
    except Exception as exc:  # noqa: BLE001
        return [Finding(scraper.NAME, "error", scraper.NAME, f"internal error: {type(exc).__name__}: {exc}")]


def watch(dataset: Dataset, fetcher: Fetcher, scrapers: Optional[Sequence] = None, progress: bool = True) -> dict:
    """Run every scraper and return the discrepancy report (a JSON-able dict)."""
    scrapers = SCRAPERS if scrapers is None else scrapers
    findings: list[Finding] = []
    bar = tqdm(scrapers, desc="watch", unit="source", file=sys.stderr, disable=None if progress else True)
    for scraper in bar:
        findings += run_scraper(scraper, fetcher, dataset)
    bar.close()
    counts = Counter(f.status for f in findings)
    return {
        "report_version": REPORT_VERSION, "kind": "watch", "checked_at": fetcher.now(),
        "scrapers": [s.NAME for s in scrapers],
        "summary": {status: counts.get(status, 0) for status in ("agree", "disagree", "missing", "error", "note")},
        "findings": [f.to_dict() for f in findings],
        "discrepancies": [f.to_dict() for f in findings if f.status in FAILING_STATUSES],
    }
