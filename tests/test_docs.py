"""Docs are tested like code: commands, vocabularies and the CI entry point agree."""

import re

import click
import pytest
import yaml

from conftest import REPO
from service.cli import cli
from service.vocab import VOCABULARIES

README = (REPO / "README.md").read_text()
DATA_README = (REPO / "data" / "README.md").read_text()


def test_ci_runs_the_readme_test_command():
    lines = [l for l in (REPO / ".ci/run").read_text().splitlines() if l and not l.startswith("#")]
    assert lines[-1] == "make test"
    assert "make test    #" in README and "make run     #" in README


def test_makefile_targets_documented():
    makefile = (REPO / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z-]+):.*## ", makefile, re.M))
    assert {"run", "test", "build", "validate"} <= targets
    for target in targets - {"help", "install"}:
        assert f"make {target}" in README, target


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_example(name):
    command = cli.commands[name]
    assert command.help and "Example:" in command.help
    assert f"`{name}`" in README or name in README


@pytest.mark.parametrize("field,enum", sorted(VOCABULARIES.items()))
def test_vocabularies_documented_in_readme(field, enum):
    rows = [line.split("|") for line in README.splitlines() if line.startswith("| `")]
    row = next("|".join(cells) for cells in rows if re.search(rf"(^| |\.)`?{field}`", cells[1]))
    for member in enum:
        assert f"`{member.value}`" in row, (field, member.value)


def test_control_status_described_in_metadata():
    metadata = yaml.safe_load((REPO / "metadata.yml").read_text())
    description = metadata["databases"]["ketamine"]["tables"]["current_status"]["columns"]["control_status"]
    for member in VOCABULARIES["control_status"]:
        assert f"{member.value}:" in description


def test_data_readme_example_matches_the_schema(tmp_path):
    """The annotated example in data/README.md is a valid record shape (placeholders aside)."""
    from service.schema import JurisdictionFile

    block = DATA_README.split("```yaml\n", 1)[1].split("```", 1)[0]
    doc = yaml.safe_load(block)
    assert JurisdictionFile.model_validate(doc).code == "GB"


def test_every_dependency_explained():
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
        name = re.split(r"[<>=!~\[ ]", requirement)[0]
        assert re.search(rf"\| {re.escape(name)}\b", README, re.I) or name.lower() in README.lower(), name
