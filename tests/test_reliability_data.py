"""Property-based: malformed records are rejected with file, record and field named, never a crash."""

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_DATA
from service.loader import InvalidData, Problem
from service.validate import validate

GB = "data/jurisdictions/GB.yml"
BASE = yaml.safe_load((FIXTURE_DATA / "jurisdictions" / "GB.yml").read_text())
STATUS_FIELDS = ["substance", "control_status", "schedule_label", "legal_instrument", "basis",
                 "medical_use", "effective_from", "effective_to", "summary", "verification", "last_reviewed"]
REQUIRED = ["id", "substance", "control_status", "summary", "verification", "last_reviewed"]
junk_values = st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(),
                        st.lists(st.integers(), min_size=1, max_size=3),
                        st.dictionaries(st.text(min_size=1, max_size=3), st.integers(), min_size=1, max_size=2))
control_chars = st.sampled_from([chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127]])


def run(text: bytes | str) -> list[Problem]:
    """Write GB.yml with the given content into a fresh copy of the fixture data and validate it."""
    root = Path(tempfile.mkdtemp(prefix="ketamine-prop-")) / "data"
    try:
        shutil.copytree(FIXTURE_DATA, root)
        path = root / "jurisdictions" / "GB.yml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        try:
            validate(root)
        except InvalidData as exc:
            return exc.problems
        return []
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


def dump(doc) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def located(problems, record, field_prefix) -> bool:
    return any(p.file == GB and p.record == record and p.field.startswith(field_prefix) for p in problems)


def copy():
    return yaml.safe_load(dump(BASE))


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(index=st.integers(0, 2), field=st.sampled_from(STATUS_FIELDS), value=junk_values)
def test_wrong_types(index, field, value):
    doc = copy()
    record = doc["statuses"][index]["id"]
    doc["statuses"][index][field] = value
    assert located(run(dump(doc)), record, field)


@SETTINGS
@given(index=st.integers(0, 2), field=st.sampled_from(REQUIRED[1:]))
def test_missing_fields(index, field):
    doc = copy()
    record = doc["statuses"][index]["id"]
    del doc["statuses"][index][field]
    assert located(run(dump(doc)), record, field)


@SETTINGS
@given(code=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=3))
def test_unknown_or_mismatched_codes(code):
    doc = copy()
    doc["code"] = code
    problems = run(dump(doc))
    if code == "GB":
        assert problems == []
    else:
        assert located(problems, "-", "code")


@SETTINGS
@given(start=st.integers(1950, 2030), back=st.integers(0, 40))
def test_reversed_periods(start, back):
    doc = copy()
    doc["statuses"][1]["effective_from"] = str(start)
    doc["statuses"][1]["effective_to"] = str(start - back)
    assert located(run(dump(doc)), "gb-ketamine-class-b", "effective_to")


@SETTINGS
@given(year=st.integers(2006, 2013))
def test_overlapping_periods(year):
    doc = copy()
    doc["statuses"][1]["effective_from"] = f"{year}-03-01"  # the Class C period runs 2006-01-01 to 2014-06-10
    assert located(run(dump(doc)), "gb-ketamine-class-b", "effective_from")


@SETTINGS
@given(field=st.sampled_from(["summary", "schedule_label", "legal_instrument", "note"]),
       extra=st.integers(1, 5000))
def test_huge_strings(field, extra):
    doc = copy()
    doc["statuses"][0][field] = "x" * (20000 + extra)
    assert located(run(dump(doc)), "gb-ketamine-class-c", field)


@SETTINGS
@given(field=st.sampled_from(["summary", "schedule_label", "legal_instrument"]), char=control_chars,
       at=st.integers(0, 10))
def test_control_characters(field, char, at):
    doc = copy()
    text = doc["statuses"][0].get(field) or "Class C"
    doc["statuses"][0][field] = text[:at] + char + text[at:]
    problems = run(dump(doc))
    assert located(problems, "gb-ketamine-class-c", field) or any(
        p.file == GB and "YAML does not parse" in p.message for p in problems)


BREAKERS = [
    lambda t, i: t[:i] + "\n  - [unclosed\n" + t[i:],
    lambda t, i: t[:i] + '\nsummary: "unterminated\n' + t[i:],
    lambda t, i: t.replace("\n- id:", "\n\t- id:", 1),
    lambda t, i: t.replace("code: GB\n", "code: GB\ncode: FR\n", 1),
    lambda t, i: t.replace("  substance: ketamine\n", "  substance: ketamine\n  substance: esketamine\n", 1),
]


@SETTINGS
@given(breaker=st.sampled_from(range(len(BREAKERS))), at=st.integers(0, 400))
def test_broken_yaml_and_duplicate_keys(breaker, at):
    text = dump(BASE)
    problems = run(BREAKERS[breaker](text, min(at, len(text))))
    assert problems and all(p.file == GB for p in problems)
    # Either the YAML does not parse (located by line), or the damage landed inside a scalar and the
    # record check names the record and field it broke.
    assert all(p.record.startswith("line ") or (p.record != "-" and p.field != "-") or p.field == "code"
               for p in problems), [str(p) for p in problems]


@SETTINGS
@given(at=st.integers(0, 1500), junk=st.binary(min_size=1, max_size=4).filter(lambda b: any(x >= 0x80 for x in b)))
def test_non_utf8_bytes(at, junk):
    data = dump(BASE).encode("utf-8")
    data = data[:at] + junk + data[at:]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        problems = run(data)
        assert [p.message.split(" (")[0] for p in problems if p.file == GB] == ["file is not UTF-8"]
