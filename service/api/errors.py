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
        return body, exc.code or 500, {"Content-Type": PROBLEM}
