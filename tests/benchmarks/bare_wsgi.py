"""The practical ceiling for the benchmark: a WSGI app that returns a fixed small JSON body."""

BODY = b'{"status": "ok", "code": "GB", "control_status": "controlled"}'


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))])
    return [BODY]
