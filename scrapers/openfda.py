"""US FDA: esketamine applications in Drugs@FDA, read through openFDA's drugsfda endpoint.

Source: https://api.fda.gov/drug/drugsfda.json?search=products.active_ingredients.name:"ESKETAMINE"&limit=100
(documentation: https://open.fda.gov/apis/drug/drugsfda/). The answer is JSON: `meta` and
`results[]`, one per application, each with `application_number` ("NDA…", "ANDA…", "BLA…"),
`sponsor_name`, `products[]` (`brand_name`, `active_ingredients[].name`) and `submissions[]`
(`submission_type` ORIG/SUPPL, `submission_status` AP for approved, `submission_status_date`
YYYYMMDD). No match is a 404 whose body is `{"error": {"code": "NOT_FOUND", …}}`.

Assumptions, each checked with a message when it fails: `results` is a list; every application has
an application number, a sponsor, products and submissions of that shape. The original approval is
the approved ORIG submission; an application with none is reported, not compared.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Optional

from service.loader import Dataset

from .common import FetchFailed, Finding, StructureError, approvals

NAME = "openfda"
URL = 'https://api.fda.gov/drug/drugsfda.json?search=products.active_ingredients.name:"ESKETAMINE"&limit=100'
_APPLICATION = re.compile(r"^(NDA|ANDA|BLA)\d+$")


@dataclass(frozen=True)
class Application:
    """One Drugs@FDA application with an esketamine product."""

    number: str
    sponsor: str
    brand_names: tuple[str, ...]
    original_approval: Optional[str]  # YYYY-MM-DD
    approved_supplements: int


def _required(record: dict, key: str, kind: type, where: str):
    value = record.get(key)
    if not isinstance(value, kind):
        raise StructureError(f"openFDA drugsfda: {where} has no {key!r} {kind.__name__} (got {value!r})")
    return value


def _date(value: str, where: str) -> str:
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date().isoformat()
    except (TypeError, ValueError):
        raise StructureError(f"openFDA drugsfda: {where} has submission_status_date {value!r}, not YYYYMMDD") from None


def is_no_match(body: bytes) -> bool:
    """Whether a body is openFDA's 'No matches found!' answer."""
    try:
        data = json.loads(body)
    except ValueError:
        return False
    return isinstance(data, dict) and isinstance(data.get("error"), dict) and data["error"].get("code") == "NOT_FOUND"


def parse_applications(body: bytes) -> list[Application]:
    """The esketamine applications in a drugsfda answer."""
    if is_no_match(body):
        return []
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise StructureError(f"openFDA drugsfda answer is not JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise StructureError("openFDA drugsfda: expected an object with a 'results' list")
    applications = []
    for index, record in enumerate(data["results"]):
        where = f"results[{index}]"
        if not isinstance(record, dict):
            raise StructureError(f"openFDA drugsfda: {where} is not an object")
        number = _required(record, "application_number", str, where)
        if not _APPLICATION.match(number):
            raise StructureError(f"openFDA drugsfda: {where} application_number {number!r} is not NDA/ANDA/BLA + digits")
        products = _required(record, "products", list, where)
        ingredients = [i.get("name", "") for p in products if isinstance(p, dict)
                       for i in p.get("active_ingredients", []) if isinstance(i, dict)]
        if not any("ESKETAMINE" in str(name).upper() for name in ingredients):
            continue
        original, supplements = None, 0
        for submission in _required(record, "submissions", list, where):
            if not isinstance(submission, dict) or submission.get("submission_status") != "AP":
                continue
            date = _date(submission.get("submission_status_date"), f"{where} {number}")
            if submission.get("submission_type") == "ORIG":
                original = date if original is None else min(original, date)
            else:
                supplements += 1
        brands = tuple(sorted({p["brand_name"] for p in products if isinstance(p, dict) and isinstance(p.get("brand_name"), str)}))
        applications.append(Application(number, _required(record, "sponsor_name", str, where), brands, original, supplements))
    return applications


def _first_word(text: str) -> str:
    match = re.match(r"\W*(\w+)", text.casefold())
    return "" if match is None else match.group(1)


def compare(applications: list[Application], dataset: Dataset, url: Optional[str] = URL) -> list[Finding]:
    """Compare openFDA's esketamine applications with the curated US esketamine approvals."""
    curated = approvals(dataset, "US", "esketamine")
    matched, findings = set(), []
    for app in applications:
        official = f"openFDA {app.number} {'/'.join(app.brand_names) or '(no brand)'} ({app.sponsor})"
        if app.original_approval is None:
            findings.append(Finding(NAME, "note", f"US esketamine {app.number}", f"{official} has no approved original submission", url))
            continue
        official += f", original approval {app.original_approval}"
        ours = [a for a in curated if any(b.casefold() in a.product.casefold() for b in app.brand_names)]
        if not ours:
            findings.append(Finding(NAME, "missing", f"US esketamine {app.number}", f"{official}; data has no US esketamine approval for it", url))
            continue
        for approval in ours:
            matched.add(approval.id)
            same_date = approval.date is not None and app.original_approval.startswith(approval.date)
            same_holder = approval.holder is None or _first_word(app.sponsor) in approval.holder.casefold()
            said = f"{approval.date or 'no date'}, holder {approval.holder or 'not recorded'} ({approval.id})"
            findings.append(Finding(NAME, "agree" if same_date and same_holder else "disagree", f"US esketamine {app.number}",
                                    f"{official}; data {'agrees' if same_date and same_holder else 'says'}: {said}",
                                    url, approval.id))
    for approval in curated:
        if approval.id not in matched:
            findings.append(Finding(NAME, "missing", "US esketamine", f"data has {approval.product} ({approval.id}) but openFDA "
                                    "lists no esketamine application with a matching brand name", url, approval.id))
    return findings


def run(fetcher, dataset: Dataset) -> list[Finding]:
    """Fetch the esketamine applications and compare them with the curated US approvals."""
    result = fetcher.fetch(URL)
    if not result.ok and not (result.status == 404 and is_no_match(result.body)):
        raise FetchFailed(f"could not fetch {URL}: {result.error}")
    return compare(parse_applications(result.body), dataset, URL)
