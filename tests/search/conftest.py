"""A small Norwegian corpus imported through the real importer (fallback pipeline), æøå included."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kode.project import Project

#: (file stem, site, group, wave, participant, turns as (label, utterance))
INTERVIEWS = [
    ("nordbakken_ansatt_A001_T1", "Nordbakken", "ansatt", "T1", "A001", [
        ("I", "Hvordan medvirker ungdommene?"),
        ("IP", "Ungdommene medvirket i planene. Vi snakket om hjemlighet på avdelingen. "
               "Det er viktig å ta del i hverdagen."),
        ("I", "Og tryggheten?"),
        ("IP", "Tryggheten på rommet er god. Døra står åpen. Hun øver på DBT-ferdigheter."),
    ]),
    ("sjoglimt_ungdom_U001_T2", "Sjøglimt", "ungdom", "T2", "U001", [
        ("I", "Medvirker du i møtene?"),
        ("IP", "Jeg medvirker på husmøtet. Det føles som hjemlighet, og jeg får være med."),
        ("I", "Og skolen?"),
        ("IP", "Skolen er bra. Læreren sier at vi skal ta del i planen. Å være trygg er alt."),
    ]),
]


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for stem, site, group, wave, participant, turns in INTERVIEWS:
        name = f"{stem}.txt"
        (folder / name).write_text("\n\n".join(f"{lab}: {text}" for lab, text in turns) + "\n", encoding="utf-8")
        rows.append({"file": name, "site": site, "group": group, "participant": participant, "wave": wave})
    manifest = folder / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["file", "site", "group", "participant", "wave"])
        writer.writeheader()
        writer.writerows(rows)
    return manifest


def import_corpus(project: Project, folder: Path) -> None:
    manifest = write_corpus(folder)
    report = project.import_files([folder], manifest=manifest)
    assert not report.failed, [r.message for r in report.results]


def use_fallback(project: Project) -> None:
    """Index with the Ordbank fallback whatever is installed on this machine. The setting names a
    model that is not installed; it is written directly because ``set_language_model`` (rightly)
    refuses such a name."""
    from intervju.setup import set_setting
    from kode.facade_search import MODEL_SETTING

    with project.session() as s:
        set_setting(s, MODEL_SETTING, "nb_model_not_installed_for_tests")


@pytest.fixture
def corpus(project: Project, tmp_path: Path) -> Project:
    """The project fixture (SQLite, and PostgreSQL when configured) with the corpus imported."""
    use_fallback(project)
    import_corpus(project, tmp_path / "corpus")
    return project
