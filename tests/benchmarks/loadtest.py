"""Load and fault run against the API under gunicorn, with wrk on loopback. Prints figures.

Run with `make loadtest`. Three phases on a private copy of the database:
  1. load: 64 connections over a mix of valid requests; goal zero errors and zero non-2xx;
  2. worker killed: the same load while one gunicorn worker is SIGKILLed; gunicorn replaces it and
     the errors (connections the dead worker held) are counted exactly;
  3. database replaced: the same load while a new build is renamed over the database file; the
     API opens the file per request and keys its cache by the file's identity, so the new build is
     served from the next request, and no request should fail.
Not a test: figures, not assertions. Needs `wrk` (Debian package `wrk`).
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from tests.benchmarks.bench_api import BIN, ROOT, free_port, wait_for

PATHS = ["/v1/jurisdictions/GB", "/v1/jurisdictions/us/ketamine", "/v1/jurisdictions/FRA",
         "/v1/jurisdictions/GB/ketamine?as_of=2010-05-01", "/v1/statuses?region=Europe",
         "/v1/changes?since=2005-01-01", "/v1/jurisdictions?per_page=50", "/v1/substances",
         "/v1/jurisdictions/Deutschland/esketamine", "/healthz"]
LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def run_wrk(base: str, connections: int, seconds: int, script: Path) -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), base],
                         capture_output=True, text=True, check=True).stdout
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def ms(label):
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v

    return {"requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "socket_errors": sum(map(int, sock.groups())) if sock else 0,
            "non_2xx": int(non2xx.group(1)) if non2xx else 0, "p50_ms": ms("50"), "p99_ms": ms("99")}


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: sudo apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="ketamine-load-"))
    db = work / "ketamine.db"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000"}
    subprocess.run([str(BIN / "ketamine"), "build", "--db", str(db)], check=True, env=env, capture_output=True)
    script = work / "mix.lua"
    script.write_text(LUA % ", ".join(json.dumps(p) for p in PATHS))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "service.api.wsgi:app"],
        cwd=ROOT, env={**os.environ, "KETAMINE_DB": str(db)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = {}
    try:
        wait_for(base + "/healthz")
        results["load"] = run_wrk(base, args.connections, args.seconds, script)

        killed = []

        def kill_one():
            time.sleep(args.seconds / 3)
            pid = worker_pids(server.pid)[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

        threading.Thread(target=kill_one).start()
        results["worker killed"] = run_wrk(base, args.connections, args.seconds, script)
        time.sleep(1)
        replaced_by = worker_pids(server.pid)

        before = json.load(urllib.request.urlopen(base + "/healthz"))["built_at"]

        def rebuild():
            time.sleep(args.seconds / 3)
            subprocess.run([str(BIN / "ketamine"), "build", "--db", str(db)], check=True, capture_output=True,
                           env={**os.environ, "SOURCE_DATE_EPOCH": "1790086400"})

        threading.Thread(target=rebuild).start()
        results["database replaced"] = run_wrk(base, args.connections, args.seconds, script)
        after = json.load(urllib.request.urlopen(base + "/healthz"))["built_at"]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrk -t2 -c{args.connections} -d{args.seconds}s over {len(PATHS)} valid request kinds, "
          f"gunicorn --workers {args.workers}, {os.cpu_count()} CPUs")
    print(f"{'phase':<20}{'requests':>10}{'socket err':>12}{'non-2xx':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for name, r in results.items():
        print(f"{name:<20}{r['requests']:>10}{r['socket_errors']:>12}{r['non_2xx']:>9}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}")
    print(f"\nworker {killed[0]} killed; workers afterwards: {replaced_by} (gunicorn replaced it)")
    print(f"database replaced while serving: built_at {before} -> {after} "
          f"({'new build served' if after != before else 'NOT picked up'})")


if __name__ == "__main__":
    main()
