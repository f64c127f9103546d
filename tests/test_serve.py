"""`ketamine serve` (what `make run` calls) starts Datasette and the API, and Ctrl-C stops both."""

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import REPO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # loopback only
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_serve_both_and_stop_on_ctrl_c(built_db):
    ds_port, api_port = free_port(), free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--db", str(built_db),
         "--datasette-port", str(ds_port), "--api-port", str(api_port)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        api = json.loads(wait_for(f"http://127.0.0.1:{api_port}/v1/jurisdictions/GB"))
        assert api["current"]["ketamine"]["schedule_label"] == "Class B"
        rows = json.loads(wait_for(f"http://127.0.0.1:{ds_port}/ketamine/current_status.json?_shape=array&jurisdiction=GB"))
        assert {r["substance"] for r in rows} == {"ketamine", "esketamine"}
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=20)
    assert f"Datasette: http://127.0.0.1:{ds_port}/" in output
    assert f"API:       http://127.0.0.1:{api_port}/v1/jurisdictions" in output
    for port in (ds_port, api_port):
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still open after Ctrl-C"


def test_serve_without_database(tmp_path):
    result = subprocess.run([sys.executable, "-m", "service.cli", "serve", "--db", str(tmp_path / "none.db")],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 1
    assert "no database at" in result.stderr and "run `ketamine build` first" in result.stderr
