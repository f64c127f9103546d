"""Wikidata: "legal status (medicine)" (P3493) statements, a secondary cross-check only.

Sources: https://www.wikidata.org/wiki/Special:EntityData/{QID}.json for each substance whose item
is recorded in data/substances.yml, then one wbgetentities call for the English labels of the
statuses and jurisdictions the statements name:
https://www.wikidata.org/w/api.php?action=wbgetentities&ids=Q1|Q2&props=labels&languages=en&format=json

Format: the Wikibase JSON data model (mediawiki.org/wiki/Wikibase/DataModel/JSON):
`entities[QID].claims.P3493[]` statements, each with `rank`, a `mainsnak` whose `datavalue.value.id`
is the status item, and `qualifiers.P1001` ("applies to jurisdiction") naming the jurisdiction item;
`P582` (end time) marks a status that no longer applies.

Assumptions, each checked with a message when it fails: the entity is in the answer (a merged
item redirects to another id); statements have the shape above. Deprecated statements, statements
with an end time, and "no value"/"unknown value" statements are skipped. Wikidata is never a source
for data/: every finding here is labelled secondary.
"""

import json
from dataclasses import dataclass
from typing import Optional

from service.loader import Dataset
from service.places import UnknownJurisdiction, resolve_jurisdiction

from .common import Finding, StructureError, current_status, fetch_document, researched

NAME = "wikidata"
ENTITY_URL = "https://www.wikidata.org/wiki/Special:EntityData/{qid}.json"
LABELS_URL = "https://www.wikidata.org/w/api.php?action=wbgetentities&ids={ids}&props=labels&languages=en&format=json"
LEGAL_STATUS, JURISDICTION, END_TIME = "P3493", "P1001", "P582"
MAX_IDS = 50  # wbgetentities answers at most 50 ids per request


@dataclass(frozen=True)
class Statement:
    """One legal-status statement: a status item, the jurisdictions it applies to."""

    status: str
    jurisdictions: tuple[str, ...]
    rank: str


def entity_url(qid: str) -> str:
    return ENTITY_URL.format(qid=qid)


def labels_url(ids: list[str]) -> str:
    return LABELS_URL.format(ids="|".join(sorted(set(ids))))


def _item_id(snak: dict, where: str) -> Optional[str]:
    if not isinstance(snak, dict):
        raise StructureError(f"Wikidata: {where} is not a snak object")
    if snak.get("snaktype") != "value":
        return None
    value = (snak.get("datavalue") or {}).get("value")
    if not isinstance(value, dict) or not isinstance(value.get("id"), str):
        raise StructureError(f"Wikidata: {where} has no item id in datavalue.value.id")
    return value["id"]


def parse_statements(body: bytes, qid: str) -> list[Statement]:
    """The current, non-deprecated P3493 statements of an entity."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise StructureError(f"Wikidata {qid} answer is not JSON: {exc}") from None
    entities = data.get("entities") if isinstance(data, dict) else None
    if not isinstance(entities, dict):
        raise StructureError(f"Wikidata {qid}: expected an 'entities' object")
    if qid not in entities:
        raise StructureError(f"Wikidata {qid}: not in the answer (got {sorted(entities)}); was the item merged?")
    claims = entities[qid].get("claims", {})
    if not isinstance(claims, dict):
        raise StructureError(f"Wikidata {qid}: 'claims' is not an object")
    statements = []
    for index, claim in enumerate(claims.get(LEGAL_STATUS, [])):
        where = f"{qid} {LEGAL_STATUS}[{index}]"
        if not isinstance(claim, dict) or claim.get("rank") not in ("preferred", "normal", "deprecated"):
            raise StructureError(f"Wikidata: {where} is not a statement with a rank")
        qualifiers = claim.get("qualifiers") or {}
        status = _item_id(claim.get("mainsnak"), f"{where}.mainsnak")
        if claim["rank"] == "deprecated" or status is None or qualifiers.get(END_TIME):
            continue
        places = [_item_id(q, f"{where}.qualifiers.{JURISDICTION}") for q in qualifiers.get(JURISDICTION, [])]
        statements.append(Statement(status, tuple(p for p in places if p is not None), claim["rank"]))
    return statements


def parse_labels(body: bytes) -> dict[str, str]:
    """English labels by item id from a wbgetentities answer (the id itself when there is none)."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise StructureError(f"Wikidata labels answer is not JSON: {exc}") from None
    entities = data.get("entities") if isinstance(data, dict) else None
    if not isinstance(entities, dict):
        raise StructureError("Wikidata labels: expected an 'entities' object")
    labels = {}
    for qid, entity in entities.items():
        label = ((entity or {}).get("labels") or {}).get("en", {}).get("value")
        labels[qid] = label if isinstance(label, str) else qid
    return labels


def compare(substance: str, statements: list[Statement], labels: dict[str, str], dataset: Dataset,
            url: Optional[str] = None) -> list[Finding]:
    """Compare each statement with the curated current status in the jurisdiction it names."""
    findings = []

    def finding(status, subject, message, record_id=None):
        findings.append(Finding(NAME, status, subject, f"Wikidata (secondary cross-check): {message}",
                                url, record_id, secondary=True))

    for statement in statements:
        says = f"{substance} is {labels.get(statement.status, statement.status)!r}"
        if not statement.jurisdictions:
            finding("note", substance, f"{says} with no jurisdiction qualifier; not compared")
        for place in statement.jurisdictions:
            name = labels.get(place, place)
            try:
                code = resolve_jurisdiction(name)
            except UnknownJurisdiction:
                finding("note", f"{name} {substance}", f"{says} in {name}, which is not a known jurisdiction name")
                continue
            subject = f"{code} {substance}"
            status = current_status(dataset, code, substance)
            if status is None:
                why = "data has no current status" if researched(dataset, code) else "not researched in data/ yet"
                finding("note", subject, f"{says} in {name}; {why}")
            elif status.schedule_label is None:
                finding("note", subject, f"{says} in {name}; data has no schedule label to compare ({status.id})", status.id)
            else:
                same = status.schedule_label.casefold() in labels.get(statement.status, "").casefold()
                finding("agree" if same else "disagree", subject,
                        f"{says} in {name}; data says {status.schedule_label!r} ({status.id})", status.id)
    return findings


def run(fetcher, dataset: Dataset) -> list[Finding]:
    """Cross-check each substance that has a Wikidata item recorded."""
    findings = []
    for substance in (dataset.substances.substances if dataset.substances is not None else []):
        if substance.wikidata is None:
            findings.append(Finding(NAME, "note", substance.id, f"no Wikidata item recorded for {substance.id} in "
                                    "data/substances.yml; not cross-checked", secondary=True))
            continue
        url = entity_url(substance.wikidata)
        statements = parse_statements(fetch_document(fetcher, url).body, substance.wikidata)
        ids = sorted({s.status for s in statements} | {p for s in statements for p in s.jurisdictions})
        labels: dict[str, str] = {}
        for start in range(0, len(ids), MAX_IDS):
            labels.update(parse_labels(fetch_document(fetcher, labels_url(ids[start:start + MAX_IDS])).body))
        findings += compare(substance.id, statements, labels, dataset, url)
    return findings
