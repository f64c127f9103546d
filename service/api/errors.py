"""Every error as application/problem+json (RFC 9457), one shape for all."""

from apiflask import HTTPError
from werkzeug.exceptions import HTTPException

from .db import DatabaseUnavailable

PROBLEM = "application/problem+json"


class Problem(HTTPError):
    """An error with a helpful detail sentence."""

    def __init__(self, status: int, title: str, detail: str, **extra):
        super().__init__(status, message=title, detail=detail, extra_data=extra)


def _detail_text(detail) -> str:
    """Flatten APIFlask's validation detail ({location: {field: [messages]}}) into one sentence."""
    if isinstance(detail, str):
        return detail
    parts = []
    for location, fields in (detail or {}).items():
        if isinstance(fields, dict):
            for name, messages in fields.items():
                text = " ".join(messages) if isinstance(messages, list) else str(messages)
                parts.append(f"{location} parameter '{name}': {text}")
    return "; ".join(parts) or "The request could not be processed."


def problem_body(status: int, title: str, detail, extra: dict | None = None) -> dict:
    body = {"type": "about:blank", "title": title, "status": status, "detail": _detail_text(detail)}
    if isinstance(detail, dict) and detail:
        body["errors"] = detail
    body.update(extra or {})
    return body


def init_app(app) -> None:
    @app.error_processor
    def problem(error: HTTPError):
        body = problem_body(error.status_code, error.message, error.detail, error.extra_data)
        return body, error.status_code, {**(error.headers or {}), "Content-Type": PROBLEM}

    @app.errorhandler(DatabaseUnavailable)
    def unavailable(exc):
        return problem_body(503, "Service Unavailable", str(exc)), 503, {"Content-Type": PROBLEM}

    @app.errorhandler(HTTPException)
    def http_exception(exc: HTTPException):
        body = problem_body(exc.code or 500, exc.name, exc.description or exc.name)
        headers = {k: v for k, v in exc.get_headers() if k.lower() == "allow"}
        return body, exc.code or 500, {**headers, "Content-Type": PROBLEM}


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"},
        "suggestions": {"type": "array", "items": {"type": "string"},
                        "description": "Codes of close matches, for a jurisdiction not found."},
        "errors": {"type": "object", "description": "Per-parameter messages, for invalid parameters."},
    },
}
ERROR_RESPONSES = {
    "400": "Invalid request parameters",
    "404": "Not found (the detail suggests close matches)",
    "503": "The database has not been built",
}


def document_problems(spec: dict) -> dict:
    """Every error response in the OpenAPI document is application/problem+json with one schema."""
    spec.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    ref = {"$ref": "#/components/schemas/Problem"}
    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_RESPONSES.items():
                responses.setdefault(code, {"description": description})
            for code, response in responses.items():
                if int(code) >= 400:
                    response["content"] = {PROBLEM: {"schema": ref}}
    return spec
