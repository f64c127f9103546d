"""Datasette plugin for the dataset: country and methodology pages and the offline map asset.

Registered through the `datasette` entry point in pyproject.toml, so it loads wherever Datasette
runs from this environment; its `static/` folder is served at /-/static-plugins/ketamine-law/.
"""

from datasette import hookimpl

from .pages import country_page, methodology_page


@hookimpl
def register_routes():
    return [
        (r"^/country/(?P<code>[A-Za-z0-9-]{1,10})$", country_page),
        (r"^/methodology$", methodology_page),
    ]
