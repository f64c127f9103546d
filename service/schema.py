"""Typed models of the records in data/; unknown keys are rejected."""

import datetime as dt
import re
from typing import Annotated, Optional

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from .vocab import ApprovalStatus, Basis, ControlStatus, MedicalUse, SourceKind, Verification

PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
SLUG = r"^[a-z0-9][a-z0-9-]*$"


def _check_partial_date(value: str) -> str:
    match = PARTIAL_DATE.match(value)
    if not match:
        raise ValueError("must be a date written YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc})") from None
    return value


def date_precision(value: Optional[str]) -> Optional[str]:
    """Return 'year', 'month' or 'day' for a partial date as written, None for None."""
    if value is None:
        return None
    return {1: "year", 2: "month", 3: "day"}[len(value.split("-"))]


PartialDate = Annotated[str, AfterValidator(_check_partial_date)]
Slug = Annotated[str, StringConstraints(pattern=SLUG, max_length=120)]
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _reject_control_characters(value):
    """Control characters other than tab and newline come from copy-paste accidents; reject them
    before whitespace is stripped, so that none slips through at either end."""
    if isinstance(value, str):
        match = CONTROL.search(value)
        if match:
            raise ValueError(f"contains the control character U+{ord(match.group()):04X} at position {match.start()}")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000),
                 BeforeValidator(_reject_control_characters)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True, str_strip_whitespace=True)


class Source(Record):
    """A document that was read."""

    id: Slug = Field(description="Stable slug, unique across data/.")
    title: Text = Field(description="Title of the document.")
    publisher: Optional[Text] = Field(None, description="Who publishes it.")
    url: Text = Field(description="Address of the document that was actually read.")
    kind: SourceKind = Field(description="What kind of document it is.")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")] = Field(
        description="Language of the document (ISO 639-1/BCP 47)."
    )
    published: Optional[PartialDate] = Field(None, description="Publication date, precision as known.")
    accessed: PartialDate = Field(description="When it was read.")
    archive_url: Optional[Text] = Field(None, description="A web archive copy.")


class Citation(Record):
    """A claim's link to a source, with the exact supporting words."""

    source: Slug = Field(description="Id of a source defined anywhere in data/.")
    quote: Text = Field(description="The exact supporting words, in the source's language.")
    quote_en: Optional[Text] = Field(None, description="English translation of the quote.")
    locator: Optional[Text] = Field(None, description="Where in the document (article, page).")


class Status(Record):
    """How one substance was regulated in the jurisdiction during one period."""

    id: Slug
    substance: Slug
    control_status: ControlStatus
    schedule_label: Optional[Text] = None
    schedule_label_en: Optional[Text] = None
    legal_instrument: Optional[Text] = None
    provision: Optional[Text] = None
    basis: Optional[Basis] = None
    medical_use: MedicalUse = MedicalUse.unknown
    effective_from: Optional[PartialDate] = None
    effective_to: Optional[PartialDate] = None
    summary: Text
    verification: Verification
    last_reviewed: PartialDate
    note: Optional[Text] = None
    research_note: Optional[Text] = None
    citations: list[Citation] = Field(default_factory=list)


class Approval(Record):
    """A medicine authorisation."""

    id: Slug
    substance: Slug
    product: Text
    holder: Optional[Text] = None
    regulator: Text
    date: Optional[PartialDate] = None
    indication: Optional[Text] = None
    status: ApprovalStatus
    note: Optional[Text] = None
    citations: list[Citation] = Field(default_factory=list)


class JurisdictionFile(Record):
    """One file in data/jurisdictions/."""

    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,3}(-[A-Z0-9]{1,3})?$")]
    notes: Optional[Text] = None
    sources: list[Source] = Field(default_factory=list)
    statuses: list[Status] = Field(default_factory=list)
    approvals: list[Approval] = Field(default_factory=list)


class Substance(Record):
    """One substance the dataset covers."""

    id: Slug
    name: Text
    inn: Optional[Text] = None
    cas: Optional[Annotated[str, StringConstraints(pattern=r"^\d{2,7}-\d{2}-\d$")]] = None
    pubchem_cid: Optional[int] = None
    wikidata: Optional[Annotated[str, StringConstraints(pattern=r"^Q\d+$")]] = None
    synonyms: list[Text] = Field(default_factory=list)
    relation: Optional[Text] = None
    note: Optional[Text] = None
    source_url: Optional[Text] = None


class SubstancesFile(Record):
    """data/substances.yml."""

    substances: list[Substance]


class BlockedDomainsFile(Record):
    """data/blocked_domains.yml: domains that may never be cited."""

    domains: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9.-]+\.[a-z]{2,}$")]]
