"""Regenerate the .docx example transcripts from the text sources in src/.

Each source file src/<stem>.txt holds one speaker turn per line, written as
``Label: utterance``.  Blank lines are ignored.  The layout of the generated
document depends on the style listed in DOCX below:

* ``plain``  – one paragraph per turn, ``Label: text`` as written.
* ``bold``   – the label is a bold run at the start of the paragraph,
               followed by the text, without a colon.
* ``table``  – a two-column table (speaker | utterance), no heading row.

A header/footer can be added to a document; importers must ignore it.

Run:  /work/main/.venv/bin/python examples/tools/make_docx.py
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
OUT = HERE.parent / "transcripts"

# stem -> (style, header/footer text or None)
DOCX = {
    "nordbakken_ungdom_U01_T1": ("plain", "Konfidensielt – Nordbakken T1"),
    "nordbakken_ungdom_U02_T2": ("plain", None),
    "nordbakken_ansatt_A01_T1": ("bold", None),
    "nordbakken_ansatt_A01_T3": ("plain", None),
    "nordbakken_ansatt_A02_T1": ("table", None),
    "nordbakken_ansatt_A03_T2": ("plain", None),
    "nordbakken_ansatt_A04_T3": ("plain", None),
    "nordbakken_eier_E01_T1": ("plain", None),
    "nordbakken_eier_E02_T2": ("plain", None),
    "sjoglimt_ungdom_U04_T1": ("plain", None),
    "sjoglimt_ungdom_U05_T3": ("plain", None),
    "sjoglimt_ansatt_A05_T1": ("plain", None),
    "sjoglimt_ansatt_fokusgruppe_T2": ("plain", None),
    "sjoglimt_ansatt_A06_T3": ("table", None),
    "sjoglimt_eier_E03_T2": ("plain", None),
    "sjoglimt_eier_E04_T3": ("bold", None),
}

TURN = re.compile(r"^(?P<label>[^:]{1,30}):\s*(?P<text>.*)$")


def read_turns(stem: str) -> list[tuple[str, str]]:
    turns = []
    for line in (SRC / f"{stem}.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        m = TURN.match(line)
        if not m:
            raise ValueError(f"{stem}: line without speaker label: {line[:60]!r}")
        turns.append((m["label"].strip(), m["text"].strip()))
    return turns


def build(stem: str, style: str, banner: str | None) -> Path:
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    if banner:
        section = doc.sections[0]
        section.header.paragraphs[0].text = banner
        section.footer.paragraphs[0].text = banner + " – ikke del videre"
    turns = read_turns(stem)
    if style == "table":
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, text in turns:
            cells = table.add_row().cells
            cells[0].text = label
            cells[1].text = text
    else:
        for label, text in turns:
            if style == "bold":
                p = doc.add_paragraph()
                p.add_run(label).bold = True
                p.add_run(" " + text)
            else:
                doc.add_paragraph(f"{label}: {text}")
    path = OUT / f"{stem}.docx"
    props = doc.core_properties
    props.author = props.last_modified_by = "kode eksempelstudie"
    props.title = stem
    props.created = props.modified = FIXED
    props.revision = 1
    doc.save(path)
    _freeze_zip(path)
    return path


FIXED = dt.datetime(2025, 1, 1, 12, 0, 0)


def _freeze_zip(path: Path) -> None:
    """Rewrite the zip with fixed entry times so regenerated files are byte-identical."""
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, blob in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, blob)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for stem, (style, banner) in DOCX.items():
        print(build(stem, style, banner).relative_to(HERE.parent))


if __name__ == "__main__":
    main()
