"""The exact pins of pyproject.toml and environment.yml agree."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import ROOT


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + [
        r for extra in project["optional-dependencies"].values() for r in extra
    ]
    pins = {}
    for requirement in requirements:
        name, _, version = requirement.partition("==")
        assert version, f"pyproject.toml: {requirement!r} is not an exact pin"
        pins[_normal(name)] = version
    return pins


def environment_pins() -> dict[str, str]:
    dependencies = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    pins = {}
    for dependency in dependencies:
        if (
            isinstance(dependency, str)
            and dependency not in ("pip",)
            and not dependency.startswith("python=")
        ):
            name, _, version = dependency.partition("=")
            pins[_normal(name)] = version
    return pins


def test_every_pyproject_dependency_is_pinned_exactly() -> None:
    assert len(pyproject_pins()) >= 20


def test_environment_yml_mirrors_pyproject_pins() -> None:
    assert environment_pins() == pyproject_pins()
