"""The changes feed as Atom 1.0 (RFC 4287)."""

import xml.etree.ElementTree as ET

from .queries import window_start

NS = "http://www.w3.org/2005/Atom"


def _sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, f"{{{NS}}}{tag}", {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def feed(items: list[dict], info: dict, self_url: str, api_root: str) -> bytes:
    """Render change events as an Atom feed; `updated` of the feed is the database build time."""
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}feed")
    _sub(root, "title", "Ketamine & esketamine legal status: changes")
    _sub(root, "id", f"urn:ketamine-law:changes:{info.get('version')}")
    _sub(root, "updated", info.get("built_at"))
    _sub(root, "link", rel="self", href=self_url)
    _sub(root, "subtitle", "Status periods that began or ended. Not legal advice.")
    author = _sub(root, "author")
    _sub(author, "name", "Ketamine & esketamine legal-status dataset")
    for item in items:
        entry = _sub(root, "entry")
        label = item["schedule_label"] or item["control_status"]
        _sub(entry, "title", f"[{item['jurisdiction']}] {item['substance']}: {label} ({item['event']} {item['date']})")
        _sub(entry, "id", f"urn:ketamine-law:status:{item['status_id']}:{item['event']}")
        _sub(entry, "updated", f"{window_start(item['date'])}T00:00:00Z")
        _sub(entry, "link", rel="alternate", type="application/json",
             href=f"{api_root}/{item['jurisdiction']}/{item['substance']}?as_of={window_start(item['date'])}")
        _sub(entry, "summary", item["summary"])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
