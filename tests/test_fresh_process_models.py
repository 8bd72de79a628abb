"""Commands run in a fresh interpreter, where only what they import is loaded.

In-process CLI tests import every package, so a table known only by name (``deid_candidate.memo_id``
names kodebok's ``memo``) always resolved there, while ``kode deid scan`` run by a user failed
with "could not find table 'memo'". These run real processes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kode.project import Project
from tests.conftest import EXAMPLES


def _kode(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kode", *args], capture_output=True, text=True, timeout=300)


def test_every_foreign_key_resolves_once_a_project_is_open(tmp_path: Path) -> None:
    target = tmp_path / "p.kode"
    Project.create(str(target), sites=("Nordbakken", "Sjøglimt")).close()
    code = (
        "import sys\n"
        "from kode.project import Project\n"
        "from intervju.db import Base\n"
        f"p = Project.open({str(target)!r})\n"
        "bad = []\n"
        "for table in Base.metadata.tables.values():\n"
        "    for fk in table.foreign_keys:\n"
        "        try:\n"
        "            fk.column\n"
        "        except Exception as e:\n"
        "            bad.append(f'{table.name}: {e}')\n"
        "print('\\n'.join(bad)); sys.exit(1 if bad else 0)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_deid_scan_review_apply_verify_as_processes(tmp_path: Path) -> None:
    target = str(tmp_path / "p.kode")
    key = str(tmp_path / "key.yml")
    source = EXAMPLES / "deid"
    assert _kode("init", target, "--sites", "Nordbakken,Sjøglimt").returncode == 0
    imported = _kode("import", target, str(source / "transcripts"), "--manifest", str(source / "manifest.csv"))
    assert imported.returncode == 0, imported.stderr
    scan = _kode("deid", "scan", target)
    assert scan.returncode == 0 and "Traceback" not in scan.stderr, scan.stderr
    assert _kode("deid", "review", target, "--accept-all").returncode == 0
    apply = _kode("deid", "apply", target, "--key", key)
    assert apply.returncode == 0, apply.stderr
    verify = _kode("deid", "verify", target, "--key", key)
    assert verify.returncode == 0 and "No replaced form is left" in verify.stdout
