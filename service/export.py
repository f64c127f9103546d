"""Release export: one CSV per table, one JSON file, and a Frictionless datapackage.json."""

import csv
import json
import shutil
from pathlib import Path

import frictionless
import sqlite_utils

TABLES = ["jurisdictions", "substances", "statuses", "approvals", "sources", "citations", "source_checks"]
TYPES = {int: "integer", float: "number", str: "string", bytes: "string"}
DESCRIPTIONS = {
    "jurisdictions": "Every ISO 3166-1 country plus INT, EU and XK, with UN M49 region; researched = 1 where a record exists.",
    "substances": "Ketamine and esketamine with identifiers.",
    "statuses": "One row per jurisdiction, substance and period; effective_to empty = in force now.",
    "approvals": "Medicine authorisations (e.g. esketamine nasal spray).",
    "sources": "Every document cited; url is the document that was read.",
    "citations": "The exact words (quote) in a source supporting a status or approval.",
    "source_checks": "Results of the citation checker (empty until `ketamine verify` has been run).",
}


def _schema(table) -> frictionless.Schema:
    fields = [frictionless.Field.from_descriptor({"name": c.name, "type": TYPES.get(c.type, "string")})
              for c in table.columns]
    descriptor = {"fields": [f.to_descriptor() for f in fields]}
    if table.pks and table.pks != ["rowid"]:
        descriptor["primaryKey"] = table.pks
    fks = [{"fields": [fk.column], "reference": {"resource": fk.other_table, "fields": [fk.other_column]}}
           for fk in table.foreign_keys]
    if fks:
        descriptor["foreignKeys"] = fks
    return frictionless.Schema.from_descriptor(descriptor)


def export_dataset(db_path: Path, out_dir: Path) -> Path:
    """Write out_dir (replacing it) from the built database; return the datapackage.json path."""
    db = sqlite_utils.Database(db_path)
    info = dict(db.execute("select key, value from dataset_info").fetchall())
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    everything, resources = {}, []
    for name in TABLES:
        table = db[name]
        order = ", ".join(f"[{pk}]" for pk in table.pks)
        rows = list(db.query(f"select * from [{name}] order by {order}"))
        columns = [c.name for c in table.columns]
        with open(tmp / f"{name}.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        everything[name] = rows
        resources.append(frictionless.Resource(
            name=name, path=f"{name}.csv", format="csv", encoding="utf-8", mediatype="text/csv",
            description=DESCRIPTIONS[name], schema=_schema(table)))
    with open(tmp / "ketamine.json", "w", encoding="utf-8") as f:
        json.dump({"dataset_info": info, **everything}, f, ensure_ascii=False, indent=1)
    package = frictionless.Package(
        name="ketamine-law", title="Ketamine & esketamine legal status",
        description="Cited, jurisdiction-by-jurisdiction legal status of ketamine and esketamine. Not legal advice.",
        version=info["version"], created=info["built_at"],
        licenses=[{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                   "title": "Creative Commons Attribution 4.0"}],
        sources=[{"title": "Curated records in data/, each citing the documents listed in sources.csv"}],
        resources=resources, basepath=str(tmp))
    package.to_json(str(tmp / "datapackage.json"))
    db.close()
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.rename(out_dir)
    return out_dir / "datapackage.json"
