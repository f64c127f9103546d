"""The `ketamine` command: a thin click layer over the library, one function per command."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click

from .build import BuildError, build_database, describe_database
from .coverage import load_plan, measure, render
from . import provenance as provenance_module
from . import qc as qc_module
from .loader import InvalidData
from .datasette import settings as datasette_settings
from .validate import validate as validate_data

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DB = ROOT / "ketamine.db"
METADATA = ROOT / "metadata.yml"

data_option = click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
                           default=DATA, show_default=True, help="The data/ folder to read.")
db_option = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                         default=DB, show_default=True, help="The SQLite database file.")


def _invalid(exc: InvalidData) -> click.ClickException:
    lines = "\n".join(f"  {p}" for p in exc.problems)
    return click.ClickException(f"{len(exc.problems)} problem(s) in the data:\n{lines}")


@click.group()
@click.version_option(package_name="ketamine-law")
def cli():
    """Ketamine & esketamine legal-status dataset: validate, build and serve."""


@cli.command()
@data_option
def validate(data_dir):
    """Check every record in data/ and report all problems.

    Example:

        ketamine validate
    """
    try:
        dataset = validate_data(data_dir)
    except InvalidData as exc:
        raise _invalid(exc) from None
    plan_path = data_dir / "coverage.yml"
    if plan_path.exists():
        try:
            load_plan(plan_path)
        except InvalidData as exc:
            raise _invalid(exc) from None
    statuses = sum(len(j.statuses) for j in dataset.jurisdictions.values())
    click.echo(f"OK: {len(dataset.jurisdictions)} jurisdiction files, {statuses} statuses, no problems.")


@cli.command()
@data_option
@click.option("--double", "double_dir", type=click.Path(file_okay=False, path_type=Path),
              default=ROOT / "research" / "double", show_default=True,
              help="Folder of independent second-pass files (XX.yml, same format as data/).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True, help="Output format.")
@click.option("--check", "check_code", metavar="XX",
              help="Only validate research/double/XX.yml, without showing the published record "
                   "(for the blind second researcher).")
def qc(data_dir, double_dir, fmt, check_code):
    """Compare independent second research passes with the published records.

    Prints, per jurisdiction and substance, the current status (label, verification) of each pass
    and whether they agree, then the disagreement rate. It only reports: a disagreement is resolved
    by a person, against the primary text.

    Example:

        ketamine qc

        ketamine qc --check PT    # blind: validates research/double/PT.yml only
    """
    if check_code:
        try:
            lines = qc_module.check(double_dir, check_code, data_dir)
        except FileNotFoundError as exc:
            raise click.ClickException(f"no second-pass file {exc.args[0]}") from None
        except InvalidData as exc:
            raise _invalid(exc) from None
        click.echo(f"OK: research/double/{check_code.upper()}.yml is valid.")
        for line in lines:
            click.echo(line)
        return
    try:
        comparisons, orphans = qc_module.compare(data_dir, double_dir)
    except InvalidData as exc:
        raise _invalid(exc) from None
    if not comparisons and not orphans:
        raise click.ClickException(f"no second-pass files (*.yml) in {double_dir}")
    click.echo(qc_module.render(comparisons, orphans, fmt))


@cli.command()
@data_option
@click.option("--research", "research_dir", type=click.Path(file_okay=False, path_type=Path),
              default=ROOT / "research", show_default=True,
              help="Folder of research logs (XX.md, one per jurisdiction).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
def provenance(data_dir, research_dir, fmt):
    """Check that every citation quote appears in its jurisdiction's research log.

    Each quote in data/jurisdictions/XX.yml must be found (ignoring case, quotation marks and
    spacing) in research/XX.md, beside the search that returned it. Exits with status 1 and lists
    each quote that is not.

    Example:

        ketamine provenance
    """
    try:
        report = provenance_module.check(data_dir, research_dir)
    except InvalidData as exc:
        raise _invalid(exc) from None
    click.echo(provenance_module.render(report, fmt))
    if not report.ok:
        sys.exit(1)


@cli.command()
@data_option
@db_option
@click.option("--area", "areas", multiple=True, help="Only this coverage area (repeatable), e.g. europe.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--details", is_flag=True, help="Also list every jurisdiction (the table per area).")
def coverage(data_dir, db_path, areas, fmt, details):
    """Measure the built database against the research plan in data/coverage.yml.

    For each area: how many of its jurisdictions have a file, a ketamine status other than
    unknown, and a primary-verified one, against the area's targets.

    Example:

        ketamine coverage
        ketamine coverage --area europe --format markdown --details
    """
    try:
        plan = load_plan(data_dir / "coverage.yml")
    except InvalidData as exc:
        raise _invalid(exc) from None
    try:
        reports = measure(db_path, plan, list(areas) or None)
    except (FileNotFoundError, KeyError) as exc:
        raise click.ClickException(str(exc.args[0])) from None
    click.echo(render(reports, fmt, details))


@cli.command()
@data_option
@db_option
@click.option("--checks", "checks_report", type=click.Path(dir_okay=False, path_type=Path),
              default=ROOT / ".cache" / "verify-report.json", show_default=True,
              help="The citation checker's report to load into source_checks (skipped if absent).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def build(data_dir, db_path, checks_report, as_json):
    """Validate data/ and (re)build the database atomically; print what it contains.

    On any problem the previous database is left as it was and the command exits non-zero.

    Example:

        ketamine build --db ketamine.db
    """
    try:
        build_database(data_dir, db_path, checks_report)
    except InvalidData as exc:
        raise _invalid(exc) from None
    except (BuildError, OSError) as exc:
        raise click.ClickException(f"build failed, {db_path} left unchanged: {exc}") from None
    summary = describe_database(db_path)
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    click.echo(f"Built {db_path} (version {summary['info']['version']}, {summary['info']['built_at']})")
    for table, count in summary["tables"].items():
        click.echo(f"  {table:<14} {count:>5} rows")
    click.echo(f"Jurisdictions researched ({len(summary['jurisdictions_covered'])}): "
               + " ".join(summary["jurisdictions_covered"]))
    click.echo("Statuses by verification: " + ", ".join(
        f"{k}={v}" for k, v in summary["statuses_by_verification"].items()))


@cli.command()
@db_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=ROOT / "dist",
              show_default=True, help="Folder to write (replaced as a whole).")
def export(db_path, out_dir):
    """Write a release export: one CSV per table, a JSON file and datapackage.json.

    Example:

        ketamine export --out dist
    """
    from .export import export_dataset

    _require_database(db_path)
    path = export_dataset(Path(db_path), Path(out_dir))
    click.echo(f"Wrote {path.parent}/ ({', '.join(sorted(p.name for p in path.parent.iterdir()))})")


@cli.command()
@data_option
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              default=ROOT / ".cache" / "verify-report.json", show_default=True, help="Where to write the JSON report.")
@click.option("--fixtures", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Answer every request from a recording folder instead of the network.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
def verify(data_dir, report_path, fixtures, no_progress):
    """Fetch every cited source and check each quote is still there; never edits data/.

    Exits 1 when a quote or a source failed. Run `ketamine build` afterwards to show the results
    in Datasette and the API.

    Example:

        ketamine verify
    """
    from scrapers.cli import verify_main

    sys.exit(verify_main(data_dir, report_path, fixtures=fixtures, progress=not no_progress))


@cli.command()
@data_option
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              default=ROOT / ".cache" / "watch-report.json", show_default=True, help="Where to write the JSON report.")
@click.option("--fixtures", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Answer every request from a recording folder instead of the network.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
def watch(data_dir, report_path, fixtures, no_progress):
    """Compare official machine-readable sources (eCFR, legislation.gov.uk, openFDA, Wikidata) with data/.

    Prints each agreement and discrepancy; exits 1 when an official list disagrees with a record.

    Example:

        ketamine watch
    """
    from scrapers.cli import watch_main

    sys.exit(watch_main(data_dir, report_path, fixtures=fixtures, progress=not no_progress))


def _gunicorn_command(db_path: Path, host: str, port: int, workers: int) -> list[str]:
    return [str(Path(sys.executable).parent / "gunicorn"), "--workers", str(workers),
            "--bind", f"{host}:{port}", "--access-logfile", "-", "--env", f"KETAMINE_DB={Path(db_path).resolve()}",
            "service.api.wsgi:app"]


def _require_database(db_path: Path) -> None:
    if not Path(db_path).exists():
        raise click.ClickException(f"no database at {db_path}; run `ketamine build` first")


workers_option = click.option("--workers", default=2, show_default=True, envvar="API_WORKERS",
                              help="gunicorn worker processes for the API (env API_WORKERS).")


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, help="Port for the API.")
@workers_option
def api(db_path, host, port, workers):
    """Serve the JSON API only (read-only), with gunicorn.

    Example:

        ketamine api --port 5000 --workers 4
    """
    _require_database(db_path)
    click.echo(f"API on http://{host}:{port}/v1/jurisdictions (docs: http://{host}:{port}/docs)")
    os.chdir(ROOT)
    command = _gunicorn_command(db_path, host, port, workers)
    os.execv(command[0], command)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--datasette-port", default=8001, show_default=True, help="Port for Datasette.")
@click.option("--api-port", default=5000, show_default=True, help="Port for the API.")
@workers_option
def serve(db_path, host, datasette_port, api_port, workers):
    """Serve Datasette and the API together until Ctrl-C.

    Example:

        ketamine serve --datasette-port 8001 --api-port 5000
    """
    _require_database(db_path)
    bin_dir = Path(sys.executable).parent
    commands = [
        [str(bin_dir / "datasette"), "serve", "--immutable", str(db_path), "--metadata", str(METADATA),
         "--host", host, "--port", str(datasette_port), *datasette_settings.as_cli_flags()],
        _gunicorn_command(db_path, host, api_port, workers),
    ]
    procs = [subprocess.Popen(cmd, cwd=ROOT) for cmd in commands]
    click.echo(f"Datasette: http://{host}:{datasette_port}/")
    click.echo(f"API:       http://{host}:{api_port}/v1/jurisdictions (docs: http://{host}:{api_port}/docs)")
    click.echo("Press Ctrl-C to stop both.")
    try:
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
        failed = [p for p in procs if p.poll() is not None]
        raise click.ClickException(f"a server stopped (exit code {failed[0].returncode}); stopping the other")
    except KeyboardInterrupt:
        click.echo("Stopping…")
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


if __name__ == "__main__":
    cli()
