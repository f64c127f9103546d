"""Each class of bad input is rejected with a message naming file, record and field."""

from pathlib import Path

import pytest
import yaml

from service.loader import InvalidData
from service.validate import check_url, validate

GB = "jurisdictions/GB.yml"


def edit(data_dir: Path, rel: str, change) -> None:
    path = data_dir / rel
    doc = yaml.safe_load(path.read_text())
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))


def problems(data_dir: Path) -> list[str]:
    with pytest.raises(InvalidData) as exc:
        validate(data_dir)
    return [str(p) for p in exc.value.problems]


def test_fixture_is_valid(data_dir):
    dataset = validate(data_dir)
    assert sorted(j.code for j in dataset.jurisdictions.values()) == ["GB", "INT"]


def set_status(index, **values):
    def change(doc):
        doc["statuses"][index].update(values)
    return change


CASES = [
    ("missing source", set_status(0, citations=[{"source": "no-such-source", "quote": "x"}]),
     "data/jurisdictions/GB.yml:gb-ketamine-class-c: citations[0].source: no source with id 'no-such-source'"),
    ("unknown substance", set_status(0, substance="ketamime"),
     "data/jurisdictions/GB.yml:gb-ketamine-class-c: substance: unknown substance 'ketamime'"),
    ("wrong vocabulary", set_status(0, control_status="legal"),
     "data/jurisdictions/GB.yml:gb-ketamine-class-c: control_status: Input should be"),
    ("unknown key", set_status(0, schedule="Class C"),
     "data/jurisdictions/GB.yml:gb-ketamine-class-c: schedule: unknown key"),
    ("missing field", lambda d: d["statuses"][0].pop("summary"),
     "data/jurisdictions/GB.yml:gb-ketamine-class-c: summary: Field required"),
    ("bad date", set_status(0, effective_from="2006-02-30"),
     "data/jurisdictions/GB.yml:gb-ketamine-class-c: effective_from: Value error, '2006-02-30' is not a real date"),
    ("date format", set_status(0, effective_from="1/1/2006"),
     "data/jurisdictions/GB.yml:gb-ketamine-class-c: effective_from: Value error, must be a date written YYYY"),
    ("reversed period", set_status(0, effective_to="2005"),
     "data/jurisdictions/GB.yml:gb-ketamine-class-c: effective_to: 2005 is not after effective_from 2006-01-01"),
    ("overlap", set_status(0, effective_to="2015-01-01"),
     "data/jurisdictions/GB.yml:gb-ketamine-class-b: effective_from: period overlaps 'gb-ketamine-class-c'"),
    ("controlled without instrument", set_status(1, legal_instrument=None),
     "data/jurisdictions/GB.yml:gb-ketamine-class-b: legal_instrument: a controlled status must name its legal instrument"),
    ("primary without quote", set_status(1, citations=[]),
     "data/jurisdictions/GB.yml:gb-ketamine-class-b: citations: a primary record needs a citation with a quote"),
    ("non-unknown without citation", set_status(2, citations=[]),
     "data/jurisdictions/GB.yml:gb-esketamine-class-b: citations: a 'controlled' status needs at least one citation"),
    ("prescription-only medicine without medical use", set_status(0, control_status="prescription_only", medical_use="unknown"),
     "data/jurisdictions/GB.yml:gb-ketamine-class-c: medical_use: a prescription_only status is a prescription-only "
     "medicine: medical_use must be permitted or restricted"),
    ("duplicate id", set_status(1, id="gb-ketamine-class-c"),
     "data/jurisdictions/GB.yml:gb-ketamine-class-c: id: duplicate record id"),
    ("non-http url", lambda d: d["sources"][0].update(url="ftp://example.org/act"),
     "data/jurisdictions/GB.yml:gb-act: url: 'ftp://example.org/act' must be an http(s) URL"),
    ("blocked domain", lambda d: d["sources"][0].update(url="https://shop.drugshop.invalid/ketamine"),
     "data/jurisdictions/GB.yml:gb-act: url: 'https://shop.drugshop.invalid/ketamine' domain drugshop.invalid is on the blocked list"),
    ("code mismatch", lambda d: d.update(code="FR"),
     "data/jurisdictions/GB.yml:-: code: 'FR' does not match the file name (GB.yml)"),
    ("empty quote", set_status(1, citations=[{"source": "gb-act", "quote": "  "}]),
     "data/jurisdictions/GB.yml:gb-ketamine-class-b: citations[0].quote: String should have at least 1 character"),
]


@pytest.mark.parametrize("name,change,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_record_is_rejected_with_location(data_dir, name, change, expected):
    edit(data_dir, GB, change)
    found = problems(data_dir)
    assert any(p.startswith(expected) for p in found), found


def test_unknown_without_research_note(data_dir):
    edit(data_dir, "jurisdictions/INT.yml", lambda d: d["statuses"][1].pop("research_note"))
    assert "data/jurisdictions/INT.yml:int-esketamine: research_note: an unknown status needs a research note" \
        " (what was searched, what was found)" in problems(data_dir)


def test_unknown_jurisdiction_code(data_dir):
    (data_dir / GB).rename(data_dir / "jurisdictions/QQ.yml")
    edit(data_dir, "jurisdictions/QQ.yml", lambda d: d.update(code="QQ"))
    assert "data/jurisdictions/QQ.yml:-: code: 'QQ' is not an ISO 3166 code, INT, EU or XK" in problems(data_dir)


def test_duplicate_source_across_files(data_dir):
    edit(data_dir, "jurisdictions/INT.yml", lambda d: d["sources"][0].update(id="gb-act"))
    assert any(p.startswith("data/jurisdictions/INT.yml:gb-act: id: duplicate source id (also in data/jurisdictions/GB.yml)")
               for p in problems(data_dir))


def test_all_problems_reported_in_one_run(data_dir):
    edit(data_dir, GB, set_status(0, substance="nope", control_status="legal"))
    edit(data_dir, "jurisdictions/INT.yml", lambda d: d["sources"][0].update(url="file:///etc/passwd"))
    found = problems(data_dir)
    assert any("GB.yml:gb-ketamine-class-c: control_status" in p for p in found)
    assert any("INT.yml:int-report: url" in p for p in found)


@pytest.mark.parametrize("url,reason", [
    ("https://www.legislation.gov.uk/ukpga/1971/38", None),
    ("http://example.org", None),
    ("javascript:alert(1)", "must be an http(s) URL"),
    ("https://", "must be an http(s) URL"),
    ("https://DRUGSHOP.invalid./x", "domain drugshop.invalid is on the blocked list (data/blocked_domains.yml)"),
    ("https://notdrugshop.invalid/x", None),
])
def test_check_url(url, reason):
    assert check_url(url, ["drugshop.invalid"]) == reason


def test_every_file_needs_both_substances(data_dir):
    edit(data_dir, GB, lambda doc: doc.update(statuses=[s for s in doc["statuses"] if s["substance"] != "esketamine"]))
    assert any(p.startswith("data/jurisdictions/GB.yml:-: statuses: no esketamine status") for p in problems(data_dir))


def test_non_english_quote_needs_a_translation(data_dir):
    def change(doc):
        doc["sources"][0]["language"] = "de"
        for st in doc["statuses"]:
            for cit in st.get("citations") or []:
                if cit["source"] == doc["sources"][0]["id"]:
                    cit["quote_en"] = None
    edit(data_dir, GB, change)
    found = [p for p in problems(data_dir) if "quote_en" in p]
    assert found and all("the quote is in 'de': add an English translation" in p for p in found)


PRIMARY_RULE = ("verification: primary, but no quoted citation comes from the legal text or an official body "
                "(source kind court, gazette, legislation, regulator)")


@pytest.mark.parametrize("kind", ["secondary", "intergovernmental", "academic"])
def test_primary_needs_a_quote_from_the_law_or_an_official_body(data_dir, kind):
    def change(doc):
        for src in doc["sources"]:
            src["kind"] = kind
    edit(data_dir, GB, change)
    assert f"data/jurisdictions/GB.yml:gb-ketamine-class-b: {PRIMARY_RULE}" in problems(data_dir)


@pytest.mark.parametrize("url,publisher,field", [
    # pinned and labelled: accepted
    ("https://github.com/legalize-dev/legalize-es/blob/" + "a" * 40 + "/es/93/BOE-A-2010-16025.md",
     "legalize-dev/legalize-es GitHub repository (unofficial Markdown copy of the BOE)", None),
    # a branch name moves: the commit read must be named
    ("https://github.com/legalize-dev/legalize-es/blob/main/es/93/BOE-A-2010-16025.md",
     "legalize-dev/legalize-es GitHub repository (unofficial Markdown copy of the BOE)", "url"),
    ("https://github.com/legalize-dev/legalize-es", "legalize-dev (unofficial copies)", "url"),
    # pinned but presented as if it were the official publication
    ("https://github.com/legalize-dev/legalize-es/blob/" + "b" * 40 + "/es/x.md", "Boletín Oficial del Estado", "publisher"),
    # other hosts are not concerned
    ("https://www.boe.es/eli/es/o/2010/10/13/sas2712", "Boletín Oficial del Estado", None),
])
def test_git_repository_copies_are_pinned_and_labelled(data_dir, url, publisher, field):
    edit(data_dir, "jurisdictions/INT.yml", lambda d: d["sources"][0].update(url=url, publisher=publisher))
    if field is None:
        validate(data_dir)
        return
    found = [p for p in problems(data_dir) if p.startswith("data/jurisdictions/INT.yml:int-report: ")]
    assert len(found) == 1 and found[0].split(": ")[1] == field, found
