"""Benchmark the API against Datasette and a bare WSGI ceiling with wrk, side by side in one run.

Run with `make bench`. Prints requests/s and p50/p99 latency for each target and the ratios the
API issue sets as goals. Needs `wrk` (Debian package `wrk`). Not a test: figures, not assertions.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not come up")
            time.sleep(0.2)


def gunicorn(app: str, port: int, workers: int, threads: int, env: dict) -> subprocess.Popen:
    worker = ["--worker-class", "gthread", "--threads", str(threads)] if threads > 1 else []
    return subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", str(workers), *worker, "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", app],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def parse_wrk(output: str) -> dict:
    def latency(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rps, "p50": latency("50"), "p99": latency("99"),
            "non_2xx": int(errors.group(1)) if errors else 0}


def run_wrk(url: str, connections: int, duration: int, headers: dict | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url]
    for key, value in (headers or {}).items():
        command[1:1] = ["-H", f"{key}: {value}"]
    return parse_wrk(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(ROOT / "ketamine.db"))
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="gthread threads per worker (1 = sync workers)")
    parser.add_argument("--jurisdiction", default="GB")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: sudo apt-get install wrk")
    db = Path(args.db).resolve()
    if not db.exists():
        sys.exit(f"no database at {db}; run `make build` first")
    ports = {name: free_port() for name in ("api", "bare", "datasette")}
    procs = [
        gunicorn("service.api.wsgi:app", ports["api"], args.workers, args.threads, {"KETAMINE_DB": str(db)}),
        gunicorn("tests.benchmarks.bare_wsgi:app", ports["bare"], args.workers, args.threads, {}),
        subprocess.Popen([str(BIN / "datasette"), "serve", "--immutable", str(db), "--metadata",
                          str(ROOT / "metadata.yml"), "--port", str(ports["datasette"])],
                         cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    code = args.jurisdiction
    urls = {
        "api": f"http://127.0.0.1:{ports['api']}/v1/jurisdictions/{code}",
        "bare": f"http://127.0.0.1:{ports['bare']}/",
        "datasette": f"http://127.0.0.1:{ports['datasette']}/{db.stem}/statuses.json?jurisdiction={code}&_shape=array",
    }
    try:
        for url in urls.values():
            wait_for(url)
        with urllib.request.urlopen(urls["api"]) as response:
            etag = response.headers["ETag"]
            json.load(response)
        results = {
            "api lookup": run_wrk(urls["api"], args.connections, args.duration),
            "api 304 revalidation": run_wrk(urls["api"], args.connections, args.duration, {"If-None-Match": etag}),
            "datasette JSON": run_wrk(urls["datasette"], args.connections, args.duration),
            "bare WSGI ceiling": run_wrk(urls["bare"], args.connections, args.duration),
        }
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=15)
    print(f"wrk -t2 -c{args.connections} -d{args.duration}s, gunicorn --workers {args.workers}, "
          f"{os.cpu_count()} CPUs, database {db.name}, jurisdiction {code}")
    print(f"{'target':<24}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx/3xx':>13}")
    for name, r in results.items():
        print(f"{name:<24}{r['rps']:>10.0f}{r['p50']:>10.2f}{r['p99']:>10.2f}{r['non_2xx']:>13}")
    api, ceiling, ds = results["api lookup"], results["bare WSGI ceiling"], results["datasette JSON"]
    revalidate = results["api 304 revalidation"]
    goals = [
        ("api / datasette", api["rps"] / ds["rps"], ">= 5.0", api["rps"] / ds["rps"] >= 5),
        ("api / bare ceiling", api["rps"] / ceiling["rps"], ">= 0.60", api["rps"] / ceiling["rps"] >= 0.6),
        ("api p99 ms", api["p99"], "<= 10", api["p99"] <= 10),
        ("304 / bare ceiling", revalidate["rps"] / ceiling["rps"], ">= 0.80", revalidate["rps"] / ceiling["rps"] >= 0.8),
    ]
    print()
    print(f"{'ratio':<24}{'value':>10}  goal")
    for name, value, goal, ok in goals:
        print(f"{name:<24}{value:>10.2f}  {goal:<8} {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
