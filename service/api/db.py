"""One read-only SQLite connection per request, on flask.g."""

import sqlite3
from pathlib import Path

from flask import current_app, g


class DatabaseUnavailable(RuntimeError):
    """The built database is missing or unreadable."""


def get_db() -> sqlite3.Connection:
    """Open (once per request) the database read-only; raise DatabaseUnavailable if it is missing."""
    if "db" not in g:
        path = Path(current_app.config["DATABASE"])
        if not path.exists():
            raise DatabaseUnavailable("the database has not been built")
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only = 1")
        g.db = conn
    return g.db


def close_db(exc=None) -> None:
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def dataset_info() -> dict:
    """Version and build time of the database being served."""
    return {row["key"]: row["value"] for row in get_db().execute("SELECT key, value FROM dataset_info")}


def init_app(app) -> None:
    app.teardown_appcontext(close_db)
