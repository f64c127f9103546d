"""Controlled vocabularies used by the records; the one place their values are defined."""

from enum import Enum


class ControlStatus(str, Enum):
    """How the substance is regulated in a jurisdiction during a period."""

    controlled = "controlled"
    """Listed under national drug-control law, explicitly or through a salts/isomers clause."""
    prescription_only = "prescription_only"
    """Not listed under drug-control law, but a prescription-only medicine."""
    not_controlled = "not_controlled"
    """Neither drug-control listed nor restricted to prescription."""
    unknown = "unknown"
    """Not yet established by this project: an honest answer, never a guess."""


class Basis(str, Enum):
    """How the status attaches to the substance."""

    explicit = "explicit"
    """The law names the substance."""
    isomer_clause = "isomer_clause"
    """The substance is covered by a salts/isomers/stereoisomers clause (typical for esketamine)."""


class MedicalUse(str, Enum):
    """Whether the substance may be used in medicine there."""

    permitted = "permitted"
    restricted = "restricted"
    not_permitted = "not_permitted"
    unknown = "unknown"


class Verification(str, Enum):
    """How the record was checked."""

    primary = "primary"
    """The legal text or the official body itself was read and quoted."""
    secondary = "secondary"
    """A reputable secondary source (WHO, UNODC, EUDA, a peer-reviewed paper) was read and quoted."""
    unverified = "unverified"
    """Neither yet."""


class SourceKind(str, Enum):
    """What kind of document a source is."""

    legislation = "legislation"
    gazette = "gazette"
    regulator = "regulator"
    """A government body's own page: medicines regulator, ministry, drug-control agency, police, customs, prosecutor."""
    intergovernmental = "intergovernmental"
    court = "court"
    academic = "academic"
    secondary = "secondary"


PRIMARY_KINDS = frozenset({SourceKind.legislation.value, SourceKind.gazette.value,
                           SourceKind.regulator.value, SourceKind.court.value})
"""Source kinds that can make a record `primary`: the legal text or the official body itself.
WHO/UNODC/EUDA documents (`intergovernmental`), papers (`academic`) and press (`secondary`) cannot."""


class ApprovalStatus(str, Enum):
    """State of a medicine authorisation."""

    authorised = "authorised"
    withdrawn = "withdrawn"
    refused = "refused"
    suspended = "suspended"
    unknown = "unknown"


VOCABULARIES = {
    "control_status": ControlStatus,
    "basis": Basis,
    "medical_use": MedicalUse,
    "verification": Verification,
    "kind": SourceKind,
    "status": ApprovalStatus,
}
