"""Builds the demo project from ``examples/``: the README's main job, and a realistic fixture."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from intervju.errors import KodeError
from kode.project import Project

if TYPE_CHECKING:
    from intervju.importing import ImportReport

DEMO_SITES = ("Nordbakken", "Sjøglimt")
DEMO_NAME = "demo.kode"
REPORT_NAME = "demo-rapport.docx"


def examples_dir() -> Path:
    """The examples folder of this checkout (or ``KODE_EXAMPLES``)."""
    env = os.environ.get("KODE_EXAMPLES")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parent.parent / "examples")
    for candidate in candidates:
        if (candidate / "manifest.csv").is_file():
            return candidate
    raise KodeError(
        "the examples folder with manifest.csv was not found; run kode from a checkout of the repository "
        "or set KODE_EXAMPLES"
    )


@dataclass
class DemoResult:
    path: Path
    report: ImportReport
    steps: list[str] = field(default_factory=list)
    report_path: Path | None = None


def build_demo(directory: Path, log: Callable[[str], None] = lambda _m: None) -> DemoResult:
    """Build ``demo.kode`` beside a temporary name and move it in place only when complete."""
    examples = examples_dir()
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / DEMO_NAME
    partial = directory / (DEMO_NAME + ".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    project = Project.create(str(partial), sites=DEMO_SITES)
    try:
        with project:
            log("Importing the example transcripts")
            report = project.import_files([examples / "transcripts"], manifest=examples / "manifest.csv", actor="demo")
            if report.failed:
                failed = [f"{r.path.name}: {r.message}" for r in report.results if r.status == "failed"]
                raise KodeError("the examples did not import: " + "; ".join(failed))
            result = DemoResult(target, report, ["import"])
            for step in _extra_steps():
                log(step.__doc__.splitlines()[0] if step.__doc__ else step.__name__)
                result.steps.append(step(project, examples))
        with Project.open(str(partial)) as check, check.session() as session:
            session.connection().exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            Path(str(partial) + suffix).unlink(missing_ok=True)
        raise
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    os.replace(partial, target)
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    result.path = target
    log("Writing the Word report")
    with Project.open(str(target)) as done:
        done.export_report(directory / REPORT_NAME)
    result.report_path = directory / REPORT_NAME
    return result


def _extra_steps() -> list[Callable[[Project, Path], str]]:
    """Later capabilities (codebook, codings, reports) add their demo steps here."""
    from kode.demo_codebook import load_codebook_and_codings

    return [load_codebook_and_codings]
