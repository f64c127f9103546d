"""UK: which Part (and so which Class) of Misuse of Drugs Act 1971 Schedule 2 lists ketamine.

Source: https://www.legislation.gov.uk/ukpga/1971/38/schedule/2/data.xml, the revised (current)
text in CLML, the Crown Legislation Markup Language (schema: legislation/clml-schema; guide:
legislation.github.io/data-documentation). Elements are in the namespace
http://www.legislation.gov.uk/namespaces/legislation: `<Legislation>` › … › `<Schedule>` with a
`<Number>` ("SCHEDULE 2") › `<ScheduleBody>` › `<Part>` each with `<Number>` ("Part II") and
`<Title>` ("Class B Drugs"), whose paragraphs and lists end in `<Text>` elements.

Assumptions, each checked with a message when it fails: exactly one Schedule 2; at least one of its
Parts is titled "Class A/B/C drugs"; ketamine is a list entry of its own ("Ketamine.") in exactly
one of those Parts. Text that is not in force in the version served is skipped: anything inside
`<Repeal>`, or under an element marked `Match="false"` or `Status="Repealed"/"Prospective"/"Discarded"`.
A Part also saying "any stereoisomeric form of a substance …" extends its class to esketamine.
The list markup inside a Part (UnorderedList, P2, Para…) is not relied on: every `<Text>` is read.
"""

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from lxml import etree

from service.loader import Dataset

from .common import Finding, StructureError, current_status, describe_status, fetch_document
from .text import normalise, parse_xml

NAME = "uk_legislation"
URL = "https://www.legislation.gov.uk/ukpga/1971/38/schedule/2/data.xml"
LEG = "{http://www.legislation.gov.uk/namespaces/legislation}"
NOT_IN_FORCE = frozenset({"Repealed", "Prospective", "Discarded"})

_CLASS = re.compile(r"\bclass\s+([abc])\b", re.IGNORECASE)
_KETAMINE = re.compile(r"^ketamine\W*$", re.IGNORECASE)
_STEREOISOMERS = re.compile(r"stereoisomeric form of a substance", re.IGNORECASE)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}


@dataclass(frozen=True)
class Listing:
    """Where Schedule 2 lists ketamine."""

    part: str                 # "Part II"
    part_title: str           # "Class B Drugs"
    drug_class: str           # "B"
    stereoisomers_clause: bool


def _child_text(element: etree._Element, name: str) -> str:
    child = element.find(LEG + name)
    return "" if child is None else _text(child)


def _in_force(element: etree._Element) -> bool:
    return element.get("Match") != "false" and element.get("Status") not in NOT_IN_FORCE


def _text(element: etree._Element) -> str:
    """Text of an element without repealed or not-in-force descendants."""
    parts = []

    def walk(node):
        if node.tag == LEG + "Repeal" or not _in_force(node):
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(element)
    return normalise("".join(parts))


def _texts(part: etree._Element) -> Iterator[str]:
    """Each <Text> in force in a Part."""
    for text in part.iter(LEG + "Text"):
        ancestors = [text, *text.iterancestors()]
        chain = ancestors[:ancestors.index(part) + 1] if part in ancestors else ancestors
        if all(_in_force(a) and a.tag != LEG + "Repeal" for a in chain):
            yield _text(text)


def _part_number(label: str) -> Optional[int]:
    match = re.search(r"\bpart\s+([IVX]+|\d+)\b", label, re.IGNORECASE)
    if match is None:
        return None
    value = match.group(1).upper()
    return int(value) if value.isdigit() else _ROMAN.get(value)


def parse_schedule(body: bytes) -> Listing:
    """Read which class Part of Schedule 2 lists ketamine."""
    try:
        root = parse_xml(body)
    except etree.XMLSyntaxError as exc:
        raise StructureError(f"legislation.gov.uk XML does not parse: {exc}") from None
    if root.tag != LEG + "Legislation":
        raise StructureError(f"expected a CLML <Legislation> document in namespace {LEG[1:-1]}, got <{root.tag}>")
    schedules = [s for s in root.iter(LEG + "Schedule")
                 if _in_force(s) and re.fullmatch(r"schedule\s+2", _child_text(s, "Number"), re.IGNORECASE)]
    if len(schedules) != 1:
        raise StructureError(f"expected exactly one Schedule 2 in the document, found {len(schedules)}")
    parts = []
    for part in schedules[0].iter(LEG + "Part"):
        if not _in_force(part):
            continue
        number, title = _child_text(part, "Number"), _child_text(part, "Title")
        drug_class = _CLASS.search(title)
        if drug_class is not None:
            texts = list(_texts(part))
            parts.append((number, title, drug_class.group(1).upper(), texts))
    if not parts:
        raise StructureError("Schedule 2 has no Part titled 'Class A/B/C drugs'; the document structure changed")
    listed = [p for p in parts if any(_KETAMINE.match(t) for t in p[3])]
    seen = "; ".join(f"{n} {t} ({len(texts)} texts)" for n, t, _, texts in parts)
    if len(listed) != 1:
        raise StructureError(f"expected ketamine in exactly one class Part of Schedule 2, found it in "
                             f"{len(listed)} (parts read: {seen})")
    number, title, drug_class, texts = listed[0]
    return Listing(number, title, drug_class, any(_STEREOISOMERS.search(t) for t in texts))


def compare(listing: Listing, dataset: Dataset, url: Optional[str] = URL) -> list[Finding]:
    """Compare the listing with the current GB statuses of ketamine and esketamine."""
    label = f"Class {listing.drug_class}"
    official = f"legislation.gov.uk Misuse of Drugs Act 1971 Schedule 2 lists ketamine in {listing.part} ({listing.part_title})"
    findings = []
    status = current_status(dataset, "GB", "ketamine")
    if status is None:
        findings.append(Finding(NAME, "missing", "GB ketamine", f"{official}; data has no current GB ketamine status", url))
    else:
        parts = {_part_number(m.group(0)) for m in re.finditer(r"\bPart\s+([IVX]+|\d+)\b", status.provision or "")}
        same = (status.control_status == "controlled" and status.schedule_label == label
                and _part_number(listing.part) in parts)
        findings.append(Finding(NAME, "agree" if same else "disagree", "GB ketamine",
                                f"{official}; data {'agrees' if same else 'says'}: {describe_status(status)}",
                                url, status.id))
    if not listing.stereoisomers_clause:
        return findings
    official = (f"legislation.gov.uk Schedule 2 {listing.part} also covers any stereoisomeric form of its "
                f"substances, so esketamine is {label}")
    status = current_status(dataset, "GB", "esketamine")
    if status is None:
        findings.append(Finding(NAME, "missing", "GB esketamine", f"{official}; data has no current GB esketamine status", url))
    else:
        same = status.control_status == "controlled" and status.schedule_label == label
        findings.append(Finding(NAME, "agree" if same else "disagree", "GB esketamine",
                                f"{official}; data {'agrees' if same else 'says'}: {describe_status(status)}",
                                url, status.id))
    return findings


def run(fetcher, dataset: Dataset) -> list[Finding]:
    """Fetch Schedule 2 and compare it with the curated GB records."""
    return compare(parse_schedule(fetch_document(fetcher, URL).body), dataset, URL)
