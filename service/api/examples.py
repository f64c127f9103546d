"""Example responses shown in the API docs (shortened; real responses carry every field)."""

_META = {"dataset_version": "3f2a9c1d0b7e", "built_at": "2026-11-28T12:00:00Z",
         "disclaimer": "Not legal advice. Check the cited official text before relying on a status."}
_GB = {"code": "GB", "name": "United Kingdom", "kind": "country", "alpha3": "GBR", "numeric": "826",
       "m49": "826", "region": "Europe", "subregion": "Northern Europe", "researched": True}
_CITATION = {"source_id": "gb-homeoffice-ketamine-rescheduling-consultation",
             "title": "Ketamine rescheduling consultation", "publisher": "Home Office (GOV.UK)",
             "url": "https://gov.uk/government/consultations/ketamine-rescheduling-consultation",
             "kind": "regulator", "language": "en",
             "quote": "This follows reclassification under the Misuse of Drugs Act 1971 (the 1971 Act) as a Class B drug on 10 June 2014."}
_STATUS = {"id": "gb-ketamine-class-b", "substance": "ketamine", "control_status": "controlled",
           "schedule_label": "Class B", "legal_instrument": "Misuse of Drugs Act 1971",
           "basis": "explicit", "medical_use": "permitted", "effective_from": "2014-06-10",
           "effective_from_precision": "day", "effective_to": None,
           "summary": "Since 10 June 2014 ketamine has been a Class B controlled drug under the Misuse of Drugs Act 1971.",
           "verification": "primary", "last_reviewed": "2026-11-28", "date_certain": True,
           "citations": [_CITATION]}
_PAGE = {"page": 1, "per_page": 50, "total": 1, "pages": 1}

EXAMPLES = {
    "jurisdiction_list": {"items": [{**_GB, "current": {"ketamine": {
        "control_status": "controlled", "schedule_label": "Class B", "legal_instrument": "Misuse of Drugs Act 1971",
        "effective_from": "2014-06-10", "medical_use": "permitted", "verification": "primary",
        "summary": _STATUS["summary"], "status_id": "gb-ketamine-class-b"}}}], "pagination": _PAGE, "meta": _META},
    "jurisdiction_detail": {"jurisdiction": _GB, "current": {"ketamine": _STATUS}, "statuses": [_STATUS],
                            "approvals": [], "meta": _META},
    "substance_status": {"jurisdiction": _GB, "substance": "ketamine", "as_of": "2015-01-01",
                         "status": _STATUS, "meta": _META},
    "status_list": {"items": [{**_STATUS, "jurisdiction": "GB", "jurisdiction_name": "United Kingdom",
                               "region": "Europe"}], "pagination": _PAGE, "meta": _META},
    "change_list": {"since": "2014-01-01", "items": [{
        "date": "2014-06-10", "date_precision": "day", "event": "began", "jurisdiction": "GB",
        "jurisdiction_name": "United Kingdom", "substance": "ketamine", "status_id": "gb-ketamine-class-b",
        "control_status": "controlled", "schedule_label": "Class B",
        "legal_instrument": "Misuse of Drugs Act 1971", "summary": _STATUS["summary"],
        "verification": "primary"}], "pagination": _PAGE, "meta": _META},
    "source": {"id": _CITATION["source_id"], "title": _CITATION["title"], "publisher": _CITATION["publisher"],
               "url": _CITATION["url"], "kind": "regulator", "language": "en", "published": "2014-08-08",
               "accessed": "2026-11-28", "archive_url": None, "defined_in": "GB",
               "citations": [{"status_id": "gb-ketamine-class-b", "quote": _CITATION["quote"]}], "meta": _META},
    "substance_list": {"items": [{"id": "ketamine", "name": "Ketamine", "inn": "ketamine", "cas": "6740-88-1",
                                  "pubchem_cid": 3821, "wikidata": "Q243547", "synonyms": ["CI-581"]}],
                       "meta": _META},
}
