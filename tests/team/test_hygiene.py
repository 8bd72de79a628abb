"""Files kode reads are untrusted: YAML only through the safe loader, anywhere in the library."""

from __future__ import annotations

import re

from tests.conftest import REPO

UNSAFE = re.compile(
    r"yaml\.(unsafe_load|load_all|full_load)\(|yaml\.load\((?![^)]*SafeLoader)|Loader=yaml\.(Full)?Loader"
)


def test_yaml_is_only_loaded_safely() -> None:
    offenders = []
    for package in ("intervju", "kodebok", "export", "kode", "tui"):
        for path in (REPO / package).rglob("*.py"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if UNSAFE.search(line):
                    offenders.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    assert offenders == []
