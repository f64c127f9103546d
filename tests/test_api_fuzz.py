"""Schemathesis over the whole OpenAPI document, in-process: no server errors, responses match the schema."""

import os
import tempfile
from collections import defaultdict
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from conftest import FIXTURE_DATA
from service.api import create_app
from service.build import build_database

SEEN: dict[str, set[int]] = defaultdict(set)


def _app():
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1790000000")
    target = Path(tempfile.mkdtemp(prefix="ketamine-fuzz-")) / "ketamine.db"
    build_database(FIXTURE_DATA, target)
    return create_app({"DATABASE": str(target)})


schema = schemathesis.openapi.from_wsgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    response = case.call_and_validate()
    SEEN[f"{case.method} {case.path}"].add(response.status_code)
    assert response.status_code < 500


def test_fuzzing_reached_every_success_path():
    """The documented examples let the fuzzer reach real records, not only 404s."""
    operations = {f"{op.method.upper()} {op.path}" for op in (r.ok() for r in schema.get_all_operations())}
    missing = sorted(op for op in operations if 200 not in SEEN.get(op, set()))
    assert SEEN and missing == []
