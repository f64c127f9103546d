"""Read data/ into typed records, collecting every problem instead of stopping at the first."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml
from pydantic import ValidationError

from .schema import BlockedDomainsFile, JurisdictionFile, SubstancesFile


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as file:record: field."""

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.record}: {self.field}: {self.message}"


class InvalidData(Exception):
    """The data did not validate; .problems lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in data/")


@dataclass
class Dataset:
    """Everything in data/, typed."""

    root: Path
    substances: Optional[SubstancesFile] = None
    blocked_domains: list[str] = field(default_factory=list)
    jurisdictions: dict[str, JurisdictionFile] = field(default_factory=dict)  # by relative path
    files: list[Path] = field(default_factory=list)


class StrictLoader(yaml.SafeLoader):
    """Safe loader that keeps dates as written (strings) and rejects duplicate keys."""


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path, rel: str, problems: list[Problem]) -> Any:
    """Parse one YAML file; on failure record a problem and return None."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, "-", "-", f"file is not UTF-8 ({exc.reason} at byte offset {exc.start})"))
        return None
    try:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(rel, where, "-", f"YAML does not parse: {reason}"))
        return None


def _record_label(raw: Any, loc: tuple) -> tuple[str, str]:
    """Turn a pydantic error location into (record, field) for a message."""
    if len(loc) >= 2 and loc[0] in ("statuses", "approvals", "sources", "substances") and isinstance(loc[1], int):
        record = f"{loc[0]}[{loc[1]}]"
        try:
            item = raw[loc[0]][loc[1]]
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                record = item["id"]
        except (KeyError, IndexError, TypeError):
            pass
        rest = loc[2:]
    else:
        record, rest = "-", loc
    field_path = ""
    for part in rest:
        field_path += f"[{part}]" if isinstance(part, int) else (f".{part}" if field_path else str(part))
    return record, field_path or "-"


def parse_model(model, raw: Any, rel: str, problems: list[Problem]):
    """Validate raw YAML against a model; record each error as a Problem."""
    if not isinstance(raw, dict):
        problems.append(Problem(rel, "-", "-", f"expected a mapping at the top level, got {type(raw).__name__}"))
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            record, field_path = _record_label(raw, err["loc"])
            message = err["msg"]
            if err["type"] == "extra_forbidden":
                message = "unknown key (not part of the record format; see data/README.md)"
            problems.append(Problem(rel, record, field_path, message))
        return None


def _data_rel(root: Path, path: Path) -> str:
    """The path as problems name it: data/<path below the data folder>."""
    return f"data/{path.relative_to(root).as_posix()}"


def load_reference(root: Path) -> tuple[Dataset, list[Problem]]:
    """Read only data/substances.yml and data/blocked_domains.yml: what every record is checked against."""
    root = Path(root)
    dataset, problems = Dataset(root=root), []

    substances_path = root / "substances.yml"
    if substances_path.exists():
        dataset.files.append(substances_path)
        name = _data_rel(root, substances_path)
        raw = read_yaml(substances_path, name, problems)
        if raw is not None:
            dataset.substances = parse_model(SubstancesFile, raw, name, problems)
    else:
        problems.append(Problem("data/substances.yml", "-", "-", "file is missing"))

    blocked_path = root / "blocked_domains.yml"
    if blocked_path.exists():
        dataset.files.append(blocked_path)
        name = _data_rel(root, blocked_path)
        raw = read_yaml(blocked_path, name, problems)
        parsed = parse_model(BlockedDomainsFile, raw, name, problems) if raw is not None else None
        if parsed:
            dataset.blocked_domains = parsed.domains
    return dataset, problems


def load_dataset(root: Path) -> tuple[Dataset, list[Problem]]:
    """Read every file under root (the data/ folder); return the typed dataset and the problems found."""
    root = Path(root)
    dataset, problems = load_reference(root)

    paths = sorted((root / "jurisdictions").glob("*"))
    for path in paths:
        if path.is_dir() or path.name.startswith("."):
            continue
        name = _data_rel(root, path)
        if path.suffix != ".yml":
            problems.append(Problem(name, "-", "-", "jurisdiction files must end in .yml"))
            continue
        dataset.files.append(path)
        raw = read_yaml(path, name, problems)
        if raw is None:
            continue
        parsed = parse_model(JurisdictionFile, raw, name, problems)
        if parsed is not None:
            dataset.jurisdictions[name] = parsed
    return dataset, problems
