"""The documentation keeps up with the code: settings, fields, public API, doctests."""

from __future__ import annotations

import doctest
import importlib

import pytest

import lodpub
from conftest import REPO
from lodpub.config import SETTINGS
from lodpub.sources.fields import KINDS


def test_every_setting_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [setting.name for setting in SETTINGS if f"| `{setting.name}` |" not in readme]
    assert missing == []


def test_every_field_is_documented():
    documentation = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    for kind in KINDS.values():
        section = documentation.split(f"#### {kind.name} —", 1)
        assert len(section) == 2, f"no section for {kind.name}"
        table = section[1].split("####", 1)[0]
        missing = [field.name for field in kind.fields if f"| `{field.name}` |" not in table]
        assert missing == [], f"{kind.name}: {missing}"


#: The public API: changing it is a decision, made here and in docs/architecture.md.
PUBLIC_API = ["__version__", "Project", "create_app", "LodpubError", "SourceErrors",
              "ValidationFailed", "BadQuery", "BuildNotFound", "NotFound"]


def test_the_public_api_is_pinned_and_documented():
    assert lodpub.__all__ == PUBLIC_API
    assert sorted(dir(lodpub)) == sorted(PUBLIC_API)
    documentation = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [name for name in PUBLIC_API[1:] if f"`{name}" not in documentation]
    assert missing == []


def test_public_api_is_importable():
    for name in lodpub.__all__:
        assert getattr(lodpub, name) is not None
    with pytest.raises(AttributeError):
        lodpub.no_such_thing  # noqa: B018


def package_modules() -> list[str]:
    import pkgutil

    return sorted(info.name for info in pkgutil.walk_packages(lodpub.__path__, "lodpub."))


@pytest.mark.parametrize("module", package_modules())
def test_doctests(module):
    """Every module's doctests run and pass (the examples in docstrings are true)."""
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_public_api_is_documented_with_examples_that_run():
    import lodpub.project

    assert doctest.testmod(lodpub.project).attempted >= 5


@pytest.mark.parametrize("kind", ["municipalities", "organisations", "people", "partnerships"])
def test_the_spreadsheet_columns_are_documented_as_the_importer_reads_them(kind):
    from lodpub.ingest.spreadsheet import column_table

    documentation = (REPO / "docs" / "import.md").read_text(encoding="utf-8")
    assert f"#### {kind}\n\n{column_table(kind)}" in documentation


def test_every_command_is_in_the_readme():
    from lodpub.cli import _parser

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = _parser()._subparsers._group_actions[0].choices
    missing = [name for name in commands if f"| `lodpub {name}" not in readme]
    assert missing == []
