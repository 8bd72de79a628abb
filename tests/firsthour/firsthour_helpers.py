"""Helpers of the first-hour tests: kode as a subprocess (no terminal anywhere), one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def kode_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KODE_")}
    env["PYTHONPATH"] = str(REPO)
    env["COLUMNS"] = "80"
    env.update(extra)
    return env


def run_kode(*args: str | Path, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m kode …`` in a subprocess with no terminal on any of its streams."""
    return subprocess.run(
        [sys.executable, "-m", "kode", *[str(a) for a in args]], cwd=cwd, env=kode_env(),
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout, check=False,
    )


def one_error_line(stderr: str) -> str:
    """The error a command printed, asserting it is exactly one line."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]
