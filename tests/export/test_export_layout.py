"""The Word files as a report writer receives them: bench/report_check.py's checks (A4, language,
properties, rows that never split, widths from content, numbered captions, TOC, alt text) on the
report and every matrix kind, the institution template, and a LibreOffice render when installed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm

from export.matrices import MatrixFilters
from export.matrix_export import KINDS, MatrixOptions
from kode.facade_export import display_name
from kode.project import Project
from tests.conftest import run_cli

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.report_check import check


def test_report_passes_the_layout_check(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "rapport.docx"
    study.export_report(out)
    assert check(out) == []
    doc = Document(str(out))
    props = doc.core_properties
    # the project's name: the file's stem, or the database's name (never a path or a URL)
    assert props.title == "Analyse av intervjuer" and props.author == display_name(study.target)
    assert "/" not in props.author and ":" not in props.author
    assert props.language == "nb-NO" and "python-docx" not in (props.comments or "") + (props.author or "")
    app = zipfile.ZipFile(out).read("docProps/app.xml").decode()
    assert "Microsoft" not in app and "<Application>kode</Application>" in app
    # every table caption is numbered in order, every chart has alt text with n/N in words
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    tables = [c for c in captions if c.startswith("Tabell ")]
    assert [c.split(":")[0] for c in tables] == [f"Tabell {i}" for i in range(1, len(tables) + 1)]
    assert len(tables) == len(doc.tables)
    alts = [el.get("descr") for el in doc.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert alts and all("Ungdom: T1 " in a for a in alts)
    # the contents field lists the headings before Word updates it
    texts = [p.text for p in doc.paragraphs]
    toc_at = texts.index("Innhold")
    assert texts[toc_at + 2 : toc_at + 4] == ["Datagrunnlag", "Metode"]  # after the field's begin
    # A4 portrait for the text, landscape for the appendix
    first, last = doc.sections[0], doc.sections[-1]
    assert abs(first.page_width - Cm(21)) < Cm(0.1) and abs(last.page_width - Cm(29.7)) < Cm(0.1)


def test_english_report_is_en_gb(study: Project, tmp_path: Path) -> None:
    from export.report import ReportOptions

    out = tmp_path / "report.docx"
    study.export_report(out, MatrixFilters(), ReportOptions(lang="en", author="Team Nord"))
    assert check(out, lang="en") == []
    assert Document(str(out)).core_properties.author == "Team Nord"


@pytest.mark.parametrize("kind", KINDS)
def test_every_matrix_kind_passes_the_layout_check(study: Project, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.docx"
    study.export_matrix(kind, "docx", out, MatrixFilters(), MatrixOptions())
    assert check(out, toc=False) == []


def test_the_check_finds_what_python_docx_leaves(tmp_path: Path) -> None:
    from docx import Document as New

    out = tmp_path / "plain.docx"
    doc = New()
    doc.add_table(rows=2, cols=2)
    doc.save(str(out))
    found = "\n".join(check(out))
    for problem in ("not A4", "language", "python-docx", "may split", "column widths", "caption",
                    "table of contents"):
        assert problem in found, problem


def _template(path: Path) -> None:
    from docx import Document as New
    from docx.shared import RGBColor

    doc = New()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.header.paragraphs[0].text = "Fiktivt institutt for oppvekst – rapportserie"
    section.footer.paragraphs[0].text = "Rapport 2026:1"
    doc.styles["Heading 1"].font.color.rgb = RGBColor(0x1F, 0x5C, 0x3A)
    doc.add_paragraph("Forside: Fiktivt institutt for oppvekst")
    doc.save(str(path))


def test_template_gives_styles_header_footer_and_first_page(study: Project, tmp_path: Path) -> None:
    template = tmp_path / "mal.docx"
    _template(template)
    out = tmp_path / "rapport.docx"
    result = run_cli("export", "report", study.target, "-o", out, "--template", template, "--author", "Æsa Ødegård")
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    assert doc.paragraphs[0].text == "Forside: Fiktivt institutt for oppvekst"
    assert doc.sections[0].header.paragraphs[0].text == "Fiktivt institutt for oppvekst – rapportserie"
    assert doc.sections[0].footer.paragraphs[0].text == "Rapport 2026:1"
    assert str(doc.styles["Heading 1"].font.color.rgb) == "1F5C3A"
    assert doc.core_properties.author == "Æsa Ødegård"
    assert check(out) == []
    matrix = tmp_path / "m.docx"
    result = run_cli("export", "matrix", study.target, "--kind", "theme-wave", "-o", matrix, "--template", template)
    assert result.exit_code == 0, result.output
    assert Document(str(matrix)).sections[0].header.paragraphs[0].text.startswith("Fiktivt institutt")


def test_a_bad_template_is_a_one_line_error_and_writes_nothing(study: Project, tmp_path: Path) -> None:
    bad = tmp_path / "mal.docx"
    bad.write_text("ikke en docx")
    out = tmp_path / "rapport.docx"
    result = run_cli("export", "report", study.target, "-o", out, "--template", bad)
    assert result.exit_code != 0 and "--template" in result.output and str(bad) in result.output
    assert not out.exists()


def test_the_example_template_works(study: Project, tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "mal" / "institutt-mal.docx"
    out = tmp_path / "rapport.docx"
    result = run_cli("export", "report", study.target, "-o", out, "--template", example)
    assert result.exit_code == 0, result.output
    assert check(out) == []


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
                    reason="LibreOffice (soffice) and poppler (pdfinfo) not installed")
def test_report_renders_to_pdf_with_libreoffice(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "rapport.docx"
    study.export_report(out)
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                          capture_output=True, timeout=300, check=False)
    pdf = tmp_path / "rapport.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 5 <= pages <= 60
