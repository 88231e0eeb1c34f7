"""The environment files agree with each other, and the build entry points exist.

requirements.txt (runtime) + requirements-dev.txt (tests, lint) are the source of
truth; environment.yml must list the same packages at the same versions. The
parsers are tiny on purpose (no PyYAML dependency): they accept exactly the
subset of syntax these files use and report anything else as a problem, so a
file that drifts out of that subset fails loudly instead of being misread.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import pytest

from helpers.paths import ROOT

REQUIREMENTS = ROOT / "requirements.txt"
DEV_REQUIREMENTS = ROOT / "requirements-dev.txt"
ENVIRONMENT = ROOT / "environment.yml"
MAKEFILE = ROOT / "Makefile"
CI_RUN = ROOT / ".ci" / "run"

#: conda entries that have no pip counterpart.
CONDA_ONLY = {"python", "pip"}

_PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*(?P<ver>[^\s;=<>!~]+)$"
)
_CONDA_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)=(?P<ver>[^\s=<>!~*]+)$")
_CONDA_BARE = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)$")


def normalize(name: str) -> str:
    """PEP 503 name: lowercase, runs of ``-``, ``_``, ``.`` become one ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def strip_comment(line: str) -> str:
    """Drop a ``#`` comment (at line start or after whitespace) and surrounding blanks."""
    return re.sub(r"(^|\s)#.*$", "", line).strip()


@dataclass
class Parsed:
    """Result of parsing one file: pins by normalised name, options, problems."""

    pins: dict[str, str] = field(default_factory=dict)
    options: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    extras: dict[str, str] = field(default_factory=dict)  # e.g. python version in conda

    def add(self, name: str, version: str, where: str) -> None:
        key = normalize(name)
        if key in self.pins:
            self.problems.append(f"{where}: {name} listed twice")
        self.pins[key] = version


def parse_requirements(text: str, source: str = "requirements") -> Parsed:
    """Parse a pip requirements file that must pin every package with ``==``.

    Option lines (``-c file``, ``-r file``) are collected in ``options``; any other
    line that is not ``name==version`` (or ``name[extra]==version``) is a problem.
    """
    parsed = Parsed()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = strip_comment(raw)
        if not line:
            continue
        where = f"{source}:{number}"
        if line.startswith("-"):
            parsed.options.append(line)
            continue
        match = _PIN.match(line)
        if match is None:
            parsed.problems.append(f"{where}: not pinned with '==': {line!r}")
            continue
        parsed.add(match["name"], match["ver"], where)
    return parsed


def first_statement(text: str) -> str | None:
    """The first line that is neither blank nor a comment."""
    for raw in text.splitlines():
        line = strip_comment(raw)
        if line:
            return line
    return None


def parse_environment_yml(text: str, source: str = "environment.yml") -> Parsed:
    """Parse the restricted YAML of environment.yml.

    Accepted: top-level ``name:``, ``channels:`` and ``dependencies:`` keys; list
    items ``- name=version`` / ``- name`` under dependencies, and one ``- pip:``
    item whose own items are ``- name==version`` or ``- -e .``. The name and
    channels go to ``extras`` (``extras['name']``, ``extras['channels']``), a
    versioned ``python`` to ``extras['python']``; pip-section options to
    ``options``. Every other line is reported as a problem.
    """
    parsed = Parsed()
    section: str | None = None  # 'channels' | 'dependencies' | 'pip'
    channels: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not strip_comment(raw):
            continue
        where = f"{source}:{number}"
        indent = len(raw) - len(raw.lstrip(" "))
        line = strip_comment(raw)
        if indent == 0:
            key, sep, value = line.partition(":")
            value = value.strip()
            if not sep or key not in {"name", "channels", "dependencies"}:
                parsed.problems.append(f"{where}: unexpected top-level line {line!r}")
                section = None
            elif key == "name":
                parsed.extras["name"] = value
                section = None
            elif value:
                parsed.problems.append(f"{where}: {key} must be a block list")
                section = None
            else:
                section = key
            continue
        if not line.startswith("- "):
            parsed.problems.append(f"{where}: expected a '- item' line, got {line!r}")
            continue
        item = line[2:].strip()
        if section == "pip" and indent <= 2:
            section = "dependencies"  # back out of the pip block
        if section == "channels":
            channels.append(item)
        elif section == "dependencies":
            if item == "pip:":
                section = "pip"
            elif match := _CONDA_PIN.match(item):
                if match["name"] == "python":
                    parsed.extras["python"] = match["ver"]
                else:
                    parsed.add(match["name"], match["ver"], where)
            elif (match := _CONDA_BARE.match(item)) and match["name"] in CONDA_ONLY:
                parsed.extras[match["name"]] = ""
            else:
                parsed.problems.append(
                    f"{where}: conda dependency not pinned as name=version: {item!r}"
                )
        elif section == "pip":
            if item.startswith("-"):
                parsed.options.append(item)
            elif match := _PIN.match(item):
                parsed.add(match["name"], match["ver"], where)
            else:
                parsed.problems.append(f"{where}: pip dependency not pinned with '==': {item!r}")
        else:
            parsed.problems.append(f"{where}: list item outside channels/dependencies: {item!r}")
    parsed.extras["channels"] = ",".join(channels)
    return parsed


def compare_pins(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """Human-readable differences between two ``{name: version}`` maps (empty if equal)."""
    problems = []
    for name in sorted(expected.keys() - actual.keys()):
        problems.append(f"missing: {name}=={expected[name]}")
    for name in sorted(actual.keys() - expected.keys()):
        problems.append(f"not in requirements: {name}=={actual[name]}")
    for name in sorted(expected.keys() & actual.keys()):
        if expected[name] != actual[name]:
            problems.append(
                f"version mismatch: {name} requirements {expected[name]} != {actual[name]}"
            )
    return problems


def makefile_targets(text: str) -> set[str]:
    """Names of explicit rules (``target:``), excluding variable assignments."""
    targets = set()
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z0-9_.$()/-]+)\s*:(?![=:])", line)
        if match:
            targets.add(match.group(1))
    return targets


def calls_make_test(script: str) -> bool:
    """True if a non-comment line of a shell script runs ``make test``."""
    return any(
        re.search(r"(^|[;&|]\s*|\s)make\s+(-\S+\s+)*test(\s|$)", strip_comment(line))
        for line in script.splitlines()
    )


# --- the real files ----------------------------------------------------------------


@pytest.fixture(scope="module")
def runtime() -> Parsed:
    return parse_requirements(REQUIREMENTS.read_text(encoding="utf-8"), "requirements.txt")


@pytest.fixture(scope="module")
def dev() -> Parsed:
    return parse_requirements(DEV_REQUIREMENTS.read_text(encoding="utf-8"), "requirements-dev.txt")


@pytest.fixture(scope="module")
def conda() -> Parsed:
    return parse_environment_yml(ENVIRONMENT.read_text(encoding="utf-8"))


def test_requirements_are_all_pinned(runtime: Parsed, dev: Parsed) -> None:
    assert runtime.problems == []
    assert dev.problems == []
    assert runtime.pins, "requirements.txt lists no package"
    assert dev.pins, "requirements-dev.txt lists no package"
    assert runtime.options == [], "requirements.txt should hold pins only"


def test_dev_requirements_start_with_constraint(dev: Parsed) -> None:
    text = DEV_REQUIREMENTS.read_text(encoding="utf-8")
    assert first_statement(text) == "-c requirements.txt"
    assert dev.options == ["-c requirements.txt"]


def test_no_package_in_both_requirement_files(runtime: Parsed, dev: Parsed) -> None:
    assert sorted(runtime.pins.keys() & dev.pins.keys()) == []


def test_environment_yml_is_well_formed(conda: Parsed) -> None:
    assert conda.problems == []
    assert conda.extras.get("name") == "policing-reform"
    assert conda.extras.get("channels") == "conda-forge"
    assert conda.extras.get("python") == "3.11"
    assert "pip" in conda.extras
    assert conda.options == ["-e ."]


def test_environment_yml_matches_requirements(runtime: Parsed, dev: Parsed, conda: Parsed) -> None:
    assert compare_pins({**runtime.pins, **dev.pins}, conda.pins) == []


def test_tiny_yaml_parser_agrees_with_pyyaml() -> None:
    """Cross-check against a real YAML parser when one happens to be installed."""
    yaml = pytest.importorskip("yaml")  # a transitive dependency of jupytext; not pinned
    data = yaml.safe_load(ENVIRONMENT.read_text(encoding="utf-8"))
    flat: list[str] = []
    for item in data["dependencies"]:
        flat.extend(item["pip"] if isinstance(item, dict) else [item])
    names = {normalize(re.split(r"[=<>!~ ]", item)[0]) for item in flat if not item.startswith("-")}
    parsed = parse_environment_yml(ENVIRONMENT.read_text(encoding="utf-8"))
    assert names == set(parsed.pins) | {"python", "pip"}
    assert data["name"] == parsed.extras["name"]
    assert ",".join(data["channels"]) == parsed.extras["channels"]


def test_makefile_has_the_documented_targets() -> None:
    text = MAKEFILE.read_text(encoding="utf-8")
    targets = makefile_targets(text)
    for target in ("help", "venv", "run", "test", "lab", "notebooks", "sync", "lint", "clean"):
        assert target in targets, f"Makefile has no '{target}' target"
        assert re.search(rf"^{target}:.*## \S", text, re.M), f"'{target}' has no '## ' help text"


def test_ci_script_runs_make_test() -> None:
    script = CI_RUN.read_text(encoding="utf-8")
    assert script.startswith("#!"), ".ci/run needs a shebang"
    assert "set -euo pipefail" in script
    assert calls_make_test(script)
    assert os.stat(CI_RUN).st_mode & 0o111, ".ci/run is not executable"


# --- the checks themselves can fail ---------------------------------------------------


def test_parse_requirements_reports_unpinned_lines() -> None:
    parsed = parse_requirements("numpy==2.4.6  # ok\nscipy>=1.0\npandas\nNumPy==1.0\n")
    assert parsed.pins == {"numpy": "1.0"}
    assert parsed.problems == [
        "requirements:2: not pinned with '==': 'scipy>=1.0'",
        "requirements:3: not pinned with '==': 'pandas'",
        "requirements:4: NumPy listed twice",
    ]


def test_first_statement_sees_a_missing_constraint() -> None:
    assert first_statement("# tools\npytest==9.2.0\n-c requirements.txt\n") == "pytest==9.2.0"


def test_compare_pins_reports_every_kind_of_mismatch() -> None:
    pip_side = parse_requirements("numpy==2.4.6\nPillow==13.0.0\nfonttools==4.68.0\n").pins
    conda_side = parse_environment_yml(
        "name: x\nchannels:\n  - conda-forge\ndependencies:\n"
        "  - python=3.11\n  - numpy=2.4.5\n  - pillow=13.0.0\n  - pip:\n      - ruff==0.17.5\n"
    ).pins
    assert compare_pins(pip_side, conda_side) == [
        "missing: fonttools==4.68.0",
        "not in requirements: ruff==0.17.5",
        "version mismatch: numpy requirements 2.4.6 != 2.4.5",
    ]


def test_names_are_normalised_before_comparing() -> None:
    pip_side = parse_requirements("charset_normalizer==3.5.2\nPyYAML==6.0.3\n").pins
    conda_side = parse_environment_yml(
        "dependencies:\n  - charset-normalizer=3.5.2\n  - pyyaml=6.0.3\n"
    ).pins
    assert compare_pins(pip_side, conda_side) == []


def test_environment_parser_reports_unexpected_lines() -> None:
    parsed = parse_environment_yml(
        "name: x\nprefix: /opt/env\ndependencies:\n  - numpy>=2\n  - scipy\n  - pip:\n      - mplfonts\n"
    )
    assert parsed.problems == [
        "environment.yml:2: unexpected top-level line 'prefix: /opt/env'",
        "environment.yml:4: conda dependency not pinned as name=version: 'numpy>=2'",
        "environment.yml:5: conda dependency not pinned as name=version: 'scipy'",
        "environment.yml:7: pip dependency not pinned with '==': 'mplfonts'",
    ]


def test_makefile_and_ci_checks_can_fail() -> None:
    assert makefile_targets("VAR := 1\nrun: x ## Run\nX ?= y\n") == {"run"}
    assert not calls_make_test("#!/bin/sh\n# make test\nmake lint\n")
    assert calls_make_test("#!/bin/sh\nset -e\nmake -k test\n")
