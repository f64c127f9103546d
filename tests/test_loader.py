"""YAML is read safely and strictly."""

import pytest

from service.loader import InvalidData, load_dataset
from service.validate import validate

GB = "jurisdictions/GB.yml"


def messages(data_dir):
    with pytest.raises(InvalidData) as exc:
        validate(data_dir)
    return [str(p) for p in exc.value.problems]


def test_duplicate_key_is_an_error(data_dir):
    path = data_dir / GB
    path.write_text(path.read_text().replace("code: GB\n", "code: GB\ncode: GB\n", 1))
    found = messages(data_dir)
    assert found == ["data/jurisdictions/GB.yml:line 3: -: YAML does not parse: duplicate key 'code'"]


def test_broken_yaml_names_file_and_line(data_dir):
    (data_dir / GB).write_text("code: GB\nstatuses: [\n")
    (found,) = messages(data_dir)
    assert found.startswith("data/jurisdictions/GB.yml:line ")
    assert "YAML does not parse" in found


def test_non_utf8_file(data_dir):
    (data_dir / GB).write_bytes(b"code: GB\nnotes: caf\xe9\n")
    assert messages(data_dir) == ["data/jurisdictions/GB.yml:-: -: file is not UTF-8 (invalid continuation byte at byte offset 19)"]


def test_no_arbitrary_objects(data_dir):
    (data_dir / GB).write_text("code: !!python/object/apply:os.system ['echo pwned']\n")
    (found,) = messages(data_dir)
    assert "YAML does not parse" in found and "python/object/apply" in found


def test_unquoted_dates_stay_as_written(data_dir):
    path = data_dir / GB
    path.write_text(path.read_text().replace('effective_from: "2006-01-01"', "effective_from: 2006-01-01"))
    dataset, problems = load_dataset(data_dir)
    assert problems == []
    assert dataset.jurisdictions["data/jurisdictions/GB.yml"].statuses[0].effective_from == "2006-01-01"


def test_top_level_not_a_mapping(data_dir):
    (data_dir / GB).write_text("- just\n- a list\n")
    assert messages(data_dir) == ["data/jurisdictions/GB.yml:-: -: expected a mapping at the top level, got list"]


def test_wrong_extension(data_dir):
    (data_dir / "jurisdictions/FR.yaml").write_text("code: FR\n")
    assert "data/jurisdictions/FR.yaml:-: -: jurisdiction files must end in .yml" in messages(data_dir)


def test_missing_substances_file(data_dir):
    (data_dir / "substances.yml").unlink()
    assert "data/substances.yml:-: -: file is missing" in messages(data_dir)
