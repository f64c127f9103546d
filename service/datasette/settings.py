"""Datasette settings used wherever the database is served (CLI and tests): one place, one truth."""

SETTINGS = {
    "sql_time_limit_ms": 1000,   # a pathological query is cut off after one second
    "max_returned_rows": 1000,   # no page or query returns more rows than this
    "facet_time_limit_ms": 200,
    "max_csv_mb": 50,            # cap on streamed CSV downloads
    "allow_facet": True,
    "default_page_size": 100,
}


def as_cli_flags() -> list[str]:
    """The settings as `datasette serve --setting name value` flags."""
    flags = []
    for name, value in SETTINGS.items():
        flags += ["--setting", name, str(value).lower() if isinstance(value, bool) else str(value)]
    return flags
