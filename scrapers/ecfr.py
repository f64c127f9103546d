"""US eCFR: where 21 CFR 1308.13 (Schedule III) lists ketamine, and under which DEA code.

Source: the eCFR versioner API (https://www.ecfr.gov/developers/documentation/api/v1), two requests:

1. https://www.ecfr.gov/api/versioner/v1/titles.json: `titles[]` with `number` and
   `latest_issue_date` (the full-text endpoint needs a date, and 404s for a day not yet issued);
2. https://www.ecfr.gov/api/versioner/v1/full/{date}/title-21.xml?part=1308&section=1308.13:
   the section as eCFR XML, a bare `<DIV8 N="1308.13" TYPE="SECTION">` holding a `<HEAD>`,
   flat `<P>` paragraphs "(a) …", "(b) …", and its lists as HTML-like tables
   (`<DIV class="gpotbl_div"><TABLE><TR><TD>(7) Ketamine, …</TD><TD>7285</TD></TR>`).

Assumptions, each checked with a message when it fails: the heading names a schedule; lettered
paragraphs (a), (b), (c)… come in order as `<P>` elements; ketamine starts exactly one numbered
entry "(n) Ketamine…" inside a lettered paragraph; the entry's code is four digits. An entry
written as a paragraph ("(7) Ketamine … 7285") instead of a table row is read too.
"""

import json
import re
from dataclasses import dataclass
from typing import Optional

from lxml import etree

from service.loader import Dataset

from .common import Finding, StructureError, current_status, describe_status, fetch_document
from .text import element_text, normalise, parse_xml

NAME = "ecfr"
SECTION = "1308.13"
TITLES_URL = "https://www.ecfr.gov/api/versioner/v1/titles.json"
SECTION_URL = "https://www.ecfr.gov/api/versioner/v1/full/{date}/title-21.xml?part=1308&section=1308.13"

_LETTER = re.compile(r"^\(([a-z])\)\s")
_ENTRY = re.compile(r"^\((\d+)\)\s+(.+)$")
_TRAILING_CODE = re.compile(r"^(.*?)[\s.\-]*(\d{4})\.?$")
_KETAMINE = re.compile(r"^ketamine\b", re.IGNORECASE)


@dataclass(frozen=True)
class Listing:
    """What § 1308.13 says about ketamine."""

    schedule: str      # "III"
    paragraph: str     # "(c)(7)"
    code: str          # "7285"
    entry: str         # "Ketamine, its salts, isomers, and salts of isomers"
    covers_isomers: bool


def section_url(date: str) -> str:
    return SECTION_URL.format(date=date)


def latest_issue_date(body: bytes, title: int = 21) -> str:
    """The latest issue date of a CFR title from titles.json."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise StructureError(f"eCFR titles.json is not JSON: {exc}") from None
    titles = data.get("titles") if isinstance(data, dict) else None
    if not isinstance(titles, list):
        raise StructureError("eCFR titles.json: expected a 'titles' list")
    for entry in titles:
        if isinstance(entry, dict) and entry.get("number") == title:
            date = entry.get("latest_issue_date")
            if not isinstance(date, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                raise StructureError(f"eCFR titles.json: title {title} has no latest_issue_date YYYY-MM-DD (got {date!r})")
            return date
    raise StructureError(f"eCFR titles.json: title {title} is not listed")


def _section(root: etree._Element) -> etree._Element:
    candidates = [root] if root.tag == "DIV8" else list(root.iter("DIV8"))
    found = [d for d in candidates if d.get("TYPE") == "SECTION" and (d.get("N") or "").replace("§", "").strip() == SECTION]
    if len(found) != 1:
        raise StructureError(f'eCFR: expected one <DIV8 TYPE="SECTION" N="{SECTION}">, found {len(found)} '
                             f"(root element <{root.tag}>)")
    return found[0]


def _next_letter(letter: Optional[str]) -> str:
    return "a" if letter is None else chr(ord(letter) + 1)


def _entry(element: etree._Element) -> Optional[tuple[str, str, str]]:
    """(number, name, code) of a numbered entry, from a table row or a paragraph."""
    if element.tag == "TR":
        cells = [normalise(element_text(cell)) for cell in element if cell.tag in ("TD", "TH")]
        match = _ENTRY.match(cells[0]) if cells else None
        if match is None:
            return None
        return match.group(1), match.group(2), cells[-1] if len(cells) > 1 else ""
    match = _ENTRY.match(normalise(element_text(element)))
    if match is None:
        return None
    code = _TRAILING_CODE.match(match.group(2))
    return (match.group(1), code.group(1), code.group(2)) if code else (match.group(1), match.group(2), "")


def parse_section(body: bytes) -> Listing:
    """Read the ketamine entry of § 1308.13 from the versioner's section XML."""
    try:
        root = parse_xml(body)
    except etree.XMLSyntaxError as exc:
        raise StructureError(f"eCFR section XML does not parse: {exc}") from None
    section = _section(root)
    head = section.find("HEAD")
    heading = normalise(element_text(head)) if head is not None else ""
    schedule = re.search(r"\bSchedule\s+([IVX]+)\b", heading)
    if schedule is None:
        raise StructureError(f"eCFR § {SECTION}: the heading {heading!r} names no schedule")
    letter, entries, ketamine = None, 0, []
    for element in section.iter("P", "FP", "TR"):
        if element.tag != "TR":
            opening = _LETTER.match(normalise(element_text(element)))
            if opening is not None and opening.group(1) == _next_letter(letter):
                letter = opening.group(1)
                continue
        entry = _entry(element)
        if entry is None:
            continue
        entries += 1
        if _KETAMINE.match(entry[1]):
            ketamine.append((letter, *entry))
    if entries == 0:
        raise StructureError(f"eCFR § {SECTION}: no numbered entries '(n) …' found; the list markup changed")
    if len(ketamine) != 1:
        raise StructureError(f"eCFR § {SECTION}: expected ketamine in exactly one of {entries} numbered entries, "
                             f"found {len(ketamine)}; it may have moved, or the page structure changed")
    letter, number, name, code = ketamine[0]
    if letter is None:
        raise StructureError(f"eCFR § {SECTION}: the ketamine entry ({number}) is not inside a lettered paragraph")
    if not re.fullmatch(r"\d{4}", code):
        raise StructureError(f"eCFR § {SECTION}: the ketamine entry has no four-digit DEA code (got {code!r})")
    return Listing(schedule.group(1), f"({letter})({number})", code, name, "isomers" in name.lower())


def compare(listing: Listing, dataset: Dataset, url: Optional[str] = None) -> list[Finding]:
    """Compare the eCFR listing with the current US statuses of ketamine and esketamine."""
    label = f"Schedule {listing.schedule}"
    official = (f"eCFR 21 CFR {SECTION} lists ketamine under {listing.paragraph}, code {listing.code} "
                f"({label})")
    findings = []
    status = current_status(dataset, "US", "ketamine")
    if status is None:
        findings.append(Finding(NAME, "missing", "US ketamine", f"{official}; data has no current US ketamine status", url))
    else:
        provision = re.sub(r"\s+", "", status.provision or "")
        same = (status.control_status == "controlled" and status.schedule_label == label
                and f"{SECTION}{listing.paragraph}" in provision and listing.code in provision)
        findings.append(Finding(NAME, "agree" if same else "disagree", "US ketamine",
                                f"{official}; data {'agrees' if same else 'says'}: {describe_status(status)}",
                                url, status.id))
    if not listing.covers_isomers:
        return findings
    official = (f"eCFR 21 CFR {SECTION}{listing.paragraph} covers ketamine's isomers, so esketamine is in {label}")
    status = current_status(dataset, "US", "esketamine")
    if status is None:
        findings.append(Finding(NAME, "missing", "US esketamine", f"{official}; data has no current US esketamine status", url))
    else:
        same = (status.control_status == "controlled" and status.schedule_label == label
                and status.basis == "isomer_clause")
        findings.append(Finding(NAME, "agree" if same else "disagree", "US esketamine",
                                f"{official}; data {'agrees' if same else 'says'}: {describe_status(status)}, "
                                f"basis {status.basis}", url, status.id))
    return findings


def run(fetcher, dataset: Dataset) -> list[Finding]:
    """Fetch the latest issue of § 1308.13 and compare it with the curated US records."""
    date = latest_issue_date(fetch_document(fetcher, TITLES_URL).body)
    url = section_url(date)
    return compare(parse_section(fetch_document(fetcher, url).body), dataset, url)
