"""Input and output schemas; the OpenAPI document is generated from these."""

from apiflask import Schema, fields, validators

from ..vocab import ControlStatus, MedicalUse, Verification


class Meta(Schema):
    dataset_version = fields.String(metadata={"description": "Content hash of the data the database was built from."})
    built_at = fields.String(metadata={"description": "When the database was built (UTC)."})
    disclaimer = fields.String()


class Citation(Schema):
    source_id = fields.String()
    title = fields.String()
    publisher = fields.String(allow_none=True)
    url = fields.String(metadata={"description": "The document that was read."})
    kind = fields.String()
    language = fields.String()
    quote = fields.String(metadata={"description": "Exact supporting words, in the source's language."})
    quote_en = fields.String(allow_none=True)
    locator = fields.String(allow_none=True)
    last_checked = fields.String(allow_none=True, metadata={
        "description": "When `ketamine verify` last fetched the source (UTC); null if never."})
    quote_found = fields.Boolean(allow_none=True, metadata={
        "description": "Whether the quote was found in the source at the last check; null if not checked."})


class Status(Schema):
    id = fields.String(allow_none=True)
    substance = fields.String()
    control_status = fields.String(metadata={"enum": [c.value for c in ControlStatus]})
    schedule_label = fields.String(allow_none=True, metadata={"description": "Exactly as the law says it."})
    schedule_label_en = fields.String(allow_none=True)
    legal_instrument = fields.String(allow_none=True)
    provision = fields.String(allow_none=True)
    basis = fields.String(allow_none=True)
    medical_use = fields.String()
    effective_from = fields.String(allow_none=True, metadata={"description": "As written: YYYY, YYYY-MM or YYYY-MM-DD."})
    effective_from_precision = fields.String(allow_none=True)
    effective_to = fields.String(allow_none=True)
    effective_to_precision = fields.String(allow_none=True)
    summary = fields.String()
    verification = fields.String()
    last_reviewed = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    research_note = fields.String(allow_none=True)
    current = fields.Boolean()
    date_certain = fields.Boolean(metadata={"description": "False when the date asked for falls inside a period boundary known only to year or month."})
    date_note = fields.String()
    citations = fields.List(fields.Nested(Citation))


class Approval(Schema):
    id = fields.String()
    substance = fields.String()
    product = fields.String()
    holder = fields.String(allow_none=True)
    regulator = fields.String()
    date = fields.String(allow_none=True)
    date_precision = fields.String(allow_none=True)
    indication = fields.String(allow_none=True)
    status = fields.String()
    note = fields.String(allow_none=True)
    citations = fields.List(fields.Nested(Citation))


class Jurisdiction(Schema):
    code = fields.String()
    name = fields.String()
    official_name = fields.String(allow_none=True)
    kind = fields.String()
    alpha3 = fields.String(allow_none=True)
    numeric = fields.String(allow_none=True)
    parent = fields.String(allow_none=True)
    m49 = fields.String(allow_none=True, metadata={"description": "UN M49 code."})
    region = fields.String(allow_none=True, metadata={"description": "UN M49 region (e.g. Europe)."})
    subregion = fields.String(allow_none=True)
    intermediate_region = fields.String(allow_none=True)
    researched = fields.Boolean(metadata={"description": "False: this project has not researched it yet; statuses are unknown."})
    notes = fields.String(allow_none=True)


class CurrentBrief(Schema):
    control_status = fields.String()
    schedule_label = fields.String(allow_none=True)
    legal_instrument = fields.String(allow_none=True)
    effective_from = fields.String(allow_none=True)
    medical_use = fields.String(metadata={
        "enum": [m.value for m in MedicalUse],
        "description": "May it be used in medicine there; established separately from control_status."})
    verification = fields.String()
    summary = fields.String()
    status_id = fields.String(allow_none=True)


class JurisdictionListItem(Jurisdiction):
    current = fields.Dict(keys=fields.String(), values=fields.Nested(CurrentBrief))


class Pagination(Schema):
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()


class JurisdictionList(Schema):
    items = fields.List(fields.Nested(JurisdictionListItem))
    pagination = fields.Nested(Pagination)
    meta = fields.Nested(Meta)


class JurisdictionDetail(Schema):
    jurisdiction = fields.Nested(Jurisdiction)
    current = fields.Dict(keys=fields.String(), values=fields.Nested(Status))
    statuses = fields.List(fields.Nested(Status))
    approvals = fields.List(fields.Nested(Approval))
    meta = fields.Nested(Meta)


class SubstanceStatus(Schema):
    jurisdiction = fields.Nested(Jurisdiction)
    substance = fields.String()
    as_of = fields.String()
    status = fields.Nested(Status)
    meta = fields.Nested(Meta)


class SourceCitation(Schema):
    status_id = fields.String(allow_none=True)
    approval_id = fields.String(allow_none=True)
    quote = fields.String()
    quote_en = fields.String(allow_none=True)
    locator = fields.String(allow_none=True)


class Source(Schema):
    id = fields.String()
    title = fields.String()
    publisher = fields.String(allow_none=True)
    url = fields.String()
    kind = fields.String()
    language = fields.String()
    published = fields.String(allow_none=True)
    accessed = fields.String()
    archive_url = fields.String(allow_none=True)
    defined_in = fields.String()
    citations = fields.List(fields.Nested(SourceCitation))
    meta = fields.Nested(Meta)


class PageQuery(Schema):
    page = fields.Integer(load_default=1, validate=validators.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=50, validate=validators.Range(min=1, max=500))


SUBSTANCE = fields.String(validate=validators.Length(max=100),
                          metadata={"description": "ketamine or esketamine.", "example": "ketamine"})
REGION = fields.String(validate=validators.Length(max=100),
                       metadata={"description": "UN M49 region, sub-region or intermediate region (case-insensitive).",
                                 "example": "Europe"})
CONTROL_STATUS = fields.String(validate=validators.OneOf([c.value for c in ControlStatus]))


class ListQuery(PageQuery):
    substance = fields.String(validate=validators.Length(max=100),
                              metadata={"description": "With control_status: which substance's status to filter on."})
    control_status = CONTROL_STATUS
    region = REGION
    researched = fields.Boolean(metadata={"description": "Only jurisdictions this project has (true) or has not (false) researched."})


class AsOfQuery(Schema):
    as_of = fields.Date(metadata={"description": "YYYY-MM-DD; default today."})


class StatusesQuery(PageQuery):
    substance = SUBSTANCE
    control_status = CONTROL_STATUS
    region = REGION
    verification = fields.String(validate=validators.OneOf([v.value for v in Verification]))
    jurisdiction = fields.String(validate=validators.Regexp(r"^[A-Z]{2,3}(-[A-Z0-9]{1,3})?$"),
                                 metadata={"description": "Exact code, e.g. GB."})
    as_of = fields.Date(metadata={"description": "Only periods in force on this date (YYYY-MM-DD)."})
    format = fields.String(load_default="json", validate=validators.OneOf(["json", "csv"]))


class ChangesFeedQuery(Schema):
    since = fields.Date(metadata={"description": "YYYY-MM-DD; periods that began or ended on or after it."})
    substance = fields.String(validate=validators.OneOf(["ketamine", "esketamine"]))


class ChangesQuery(ChangesFeedQuery, PageQuery):
    pass


class StatusRow(Status):
    jurisdiction = fields.String()
    jurisdiction_name = fields.String()
    region = fields.String(allow_none=True)


class StatusList(Schema):
    items = fields.List(fields.Nested(StatusRow))
    pagination = fields.Nested(Pagination)
    meta = fields.Nested(Meta)


class Change(Schema):
    date = fields.String(metadata={"description": "As written: YYYY, YYYY-MM or YYYY-MM-DD."})
    date_precision = fields.String()
    event = fields.String(metadata={"enum": ["began", "ended"]})
    jurisdiction = fields.String()
    jurisdiction_name = fields.String()
    substance = fields.String()
    status_id = fields.String()
    control_status = fields.String()
    schedule_label = fields.String(allow_none=True)
    legal_instrument = fields.String(allow_none=True)
    summary = fields.String()
    verification = fields.String()


class ChangeList(Schema):
    since = fields.String(allow_none=True)
    items = fields.List(fields.Nested(Change))
    pagination = fields.Nested(Pagination)
    meta = fields.Nested(Meta)


class Substance(Schema):
    id = fields.String()
    name = fields.String()
    inn = fields.String(allow_none=True)
    cas = fields.String(allow_none=True)
    pubchem_cid = fields.Integer(allow_none=True)
    wikidata = fields.String(allow_none=True)
    synonyms = fields.List(fields.String())
    relation = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    source_url = fields.String(allow_none=True)


class SubstanceList(Schema):
    items = fields.List(fields.Nested(Substance))
    meta = fields.Nested(Meta)


class Health(Schema):
    status = fields.String()
    dataset_version = fields.String()
    built_at = fields.String()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
