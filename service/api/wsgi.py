"""The WSGI entry point for gunicorn: `gunicorn service.api.wsgi:app`.

KETAMINE_DB names the database file (default: ketamine.db at the top of the checkout).
"""

import os

from . import create_app
from .cache import ResponseCache

flask_app = create_app({"DATABASE": os.environ["KETAMINE_DB"]} if os.environ.get("KETAMINE_DB") else None)
app = ResponseCache(flask_app, flask_app.config["DATABASE"])
