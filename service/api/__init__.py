"""The read-only JSON API (Flask + APIFlask), built by create_app."""

from pathlib import Path

from apiflask import APIFlask

from . import db, errors, routes

DESCRIPTION = (
    "Cited, jurisdiction-by-jurisdiction legal status of ketamine and esketamine. "
    "Every status carries the legal instrument and quoted citations. Not legal advice: "
    "check the cited official text before relying on a status."
)


def create_app(test_config: dict | None = None) -> APIFlask:
    """Application factory: configure, register the v1 blueprint and the error processor."""
    app = APIFlask(__name__, title="Ketamine & esketamine legal status API", version="1",
                   spec_path="/openapi.json", docs_path="/docs")
    app.config.from_mapping(
        DATABASE=str(Path(__file__).resolve().parents[2] / "ketamine.db"),
        VALIDATION_ERROR_STATUS_CODE=400,
        VALIDATION_ERROR_DESCRIPTION="Invalid request parameters",
        INFO={"description": DESCRIPTION,
              "license": {"name": "Data CC BY 4.0; code Apache-2.0"}},
    )
    if test_config:
        app.config.from_mapping(test_config)
    app.json.sort_keys = False  # keep fields in schema order, as documented
    db.init_app(app)
    errors.init_app(app)
    app.register_blueprint(routes.bp)
    return app
