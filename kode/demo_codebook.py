"""The demo's codebook step: the study's default codebook, then the example codings if present."""

from __future__ import annotations

from pathlib import Path

from kode.project import Project


def load_codebook_and_codings(project: Project, examples: Path) -> str:
    """Loading the codebook and the example codings"""
    diff = project.load_codebook(examples / "kodebok.yml", actor="demo")
    parts = [f"codebook: {diff.counts()['added']} codes"]
    for path in sorted(examples.glob("codings*.csv")):
        result = project.import_codings(path, actor="demo")
        parts.append(f"{path.name}: {result.added} codings")
    return "; ".join(parts)
