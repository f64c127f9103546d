"""The read-only JSON API (Flask + APIFlask), built by create_app."""

from pathlib import Path

import swagger_ui_bundle
from apiflask import APIFlask
from flask import request, send_from_directory

from . import db, errors, jurisdictions, reference, statuses
from .cache import etag_for

DESCRIPTION = (
    "Cited, jurisdiction-by-jurisdiction legal status of ketamine and esketamine. Every status "
    "carries the legal instrument and quoted citations. Responses carry the dataset version and "
    "build time, an ETag (send If-None-Match to get 304), Cache-Control and CORS. Errors are "
    "application/problem+json. **Not legal advice**: check the cited official text before relying "
    "on a status."
)
ASSETS = "/docs/assets"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "cross-origin",
}
API_CSP = "default-src 'none'; frame-ancestors 'none'"
DOCS_CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'")


def create_app(test_config: dict | None = None) -> APIFlask:
    """Application factory: configure, register the blueprints, headers and the error processor."""
    app = APIFlask(__name__, title="Ketamine & esketamine legal status API", version="1",
                   spec_path="/openapi.json", docs_path="/docs", docs_ui="swagger-ui")
    app.config.from_mapping(
        DATABASE=str(Path(__file__).resolve().parents[2] / "ketamine.db"),
        VALIDATION_ERROR_STATUS_CODE=400,
        VALIDATION_ERROR_DESCRIPTION="Invalid request parameters",
        INFO={"description": DESCRIPTION, "license": {"name": "Data CC BY 4.0; code Apache-2.0"}},
        SWAGGER_UI_CSS=f"{ASSETS}/swagger-ui.css",
        SWAGGER_UI_BUNDLE_JS=f"{ASSETS}/swagger-ui-bundle.js",
        SWAGGER_UI_STANDALONE_PRESET_JS=f"{ASSETS}/swagger-ui-standalone-preset.js",
        DOCS_FAVICON=f"{ASSETS}/favicon-32x32.png",
        SYNC_LOCAL_SPEC=False,
    )
    if test_config:
        app.config.from_mapping(test_config)
    app.json.sort_keys = False  # keep fields in schema order, as documented
    db.init_app(app)
    errors.init_app(app)
    for module in (jurisdictions, statuses, reference):
        app.register_blueprint(module.bp)
    app.spec_processor(_finish_spec)

    @app.get(f"{ASSETS}/<path:filename>")
    @app.doc(hide=True)
    def docs_asset(filename):
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename, max_age=86400)

    @app.after_request
    def headers(response):
        response.headers.update(SECURITY_HEADERS)
        docs = request.path == "/docs" or request.path.startswith(ASSETS)
        response.headers["Content-Security-Policy"] = DOCS_CSP if docs else API_CSP
        if request.method in ("GET", "HEAD", "OPTIONS"):
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Expose-Headers"] = "ETag, Link, X-Dataset-Version, X-Dataset-Built-At"
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        try:
            info = db.dataset_info()
        except db.DatabaseUnavailable:
            info = {}
        if info:
            response.headers["X-Dataset-Version"] = info.get("version", "")
            response.headers["X-Dataset-Built-At"] = info.get("built_at", "")
        if response.status_code == 200 and request.method in ("GET", "HEAD") and not docs:
            response.headers.setdefault("Cache-Control", "public, max-age=3600")
            if not response.is_streamed:
                response.set_etag(etag_for(info.get("version", ""), response.get_data()).strip('"'))
                response.make_conditional(request)
        return response

    _warm_up()
    return app


def _finish_spec(spec: dict) -> dict:
    """Document what the schemas cannot say: problem+json errors and the CSV variant of /v1/statuses."""
    ok = spec["paths"]["/v1/statuses"]["get"]["responses"]["200"]
    ok["content"]["text/csv"] = {"schema": {"type": "string"}}
    try:
        source_ids = db.get_db().execute("SELECT id FROM sources ORDER BY id LIMIT 1").fetchall()
    except db.DatabaseUnavailable:
        source_ids = []
    examples = {"jurisdiction_id": "GB", "substance_id": "ketamine",
                "source_id": source_ids[0][0] if source_ids else None}
    for operations in spec["paths"].values():
        for operation in operations.values():
            for param in operation.get("parameters", []):
                if param["in"] == "path" and examples.get(param["name"]):
                    param["example"] = examples[param["name"]]
    return errors.document_problems(spec)


def _warm_up() -> None:
    """Load the name indexes once at start-up, not on the first request."""
    from ..places import _index, _translated_index

    _index()
    _translated_index()
