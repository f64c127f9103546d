"""/v1/sources/{id}, /v1/substances and /healthz."""

import difflib

from apiflask import APIBlueprint

from . import queries, schemas
from .common import meta
from .db import dataset_info, get_db
from .errors import Problem
from .examples import EXAMPLES

bp = APIBlueprint("reference", __name__)


@bp.get("/v1/sources/<source_id>")
@bp.output(schemas.Source, example=EXAMPLES["source"])
@bp.doc(summary="One source and every quote cited from it", responses={404: "No such source"})
def get_source(source_id):
    """A source document and the quotes the dataset takes from it."""
    conn = get_db()
    data = queries.source(conn, source_id)
    if data is None:
        known = queries.source_ids(conn)
        close = difflib.get_close_matches(source_id[:200], known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        shown = source_id if len(source_id) <= 100 else source_id[:100] + "…"
        raise Problem(404, "Source not found", f"no source '{shown}'{hint}")
    return {**data, "meta": meta()}


@bp.get("/v1/substances")
@bp.output(schemas.SubstanceList, example=EXAMPLES["substance_list"])
@bp.doc(summary="The substances the dataset covers, with identifiers")
def list_substances():
    """Ketamine and esketamine: INN, CAS, PubChem CID, Wikidata QID, synonyms, relation."""
    return {"items": queries.substance_rows(get_db()), "meta": meta()}


@bp.get("/healthz")
@bp.output(schemas.Health)
@bp.doc(summary="Liveness and the database being served")
def healthz():
    """Reports the dataset version, build time and record counts; 503 when the database is missing."""
    info = dataset_info()
    return ({"status": "ok", "dataset_version": info.get("version"), "built_at": info.get("built_at"),
             "counts": queries.counts(get_db())}, 200, {"Cache-Control": "no-cache"})
