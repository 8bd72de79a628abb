"""Regenerate examples/mal/institutt-mal.docx: a fictional institution's Word template for
``kode export report --template`` and ``kode export matrix --format docx --template``.

It shows what kode takes from a template: the paper and margins (A4), the styles (Georgia
headings in the institute's green, Caption and Quote restyled), the header and footer on every
page (with a PAGE field), and a first page (the report series' cover) that stays first. Save your
institution's own template as .docx (not .dotx) and check it has the styles Title, Subtitle,
Heading 1–3, Quote, Caption and Normal (Word adds them once used).

Run:  python examples/tools/make_template.py
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "mal" / "institutt-mal.docx"
GREEN = RGBColor(0x1F, 0x5C, 0x3A)


def page_field(paragraph: object) -> None:
    run = paragraph.add_run()  # type: ignore[attr-defined]
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)


def main() -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    header = section.header.paragraphs[0]
    header.text = "Fiktivt institutt for oppvekstforskning · Rapportserie"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.runs[0].font.size = Pt(8)
    header.runs[0].font.color.rgb = GREEN
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("FIO-rapport 2026:1 · side ")
    page_field(footer)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        style = doc.styles[name]
        style.font.name = "Georgia"
        style.font.color.rgb = GREEN
    doc.styles["Normal"].font.name = "Georgia"
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.styles["Caption"].font.color.rgb = GREEN
    doc.styles["Quote"].font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    cover = doc.add_paragraph("Fiktivt institutt for oppvekstforskning")
    cover.runs[0].font.size = Pt(20)
    cover.runs[0].font.color.rgb = GREEN
    doc.add_paragraph("Rapportserie · FIO-rapport 2026:1 · ISBN 000-00-00000-0-0 (fiktivt)")
    props = doc.core_properties
    props.author = props.last_modified_by = "Fiktivt institutt for oppvekstforskning"
    props.title, props.subject, props.comments, props.keywords = "Mal", "Rapportmal", "", ""
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(OUT))
    # a stable file: fixed timestamps inside the zip, so regenerating changes nothing
    data = {i.filename: zipfile.ZipFile(OUT).read(i.filename) for i in zipfile.ZipFile(OUT).infolist()}
    with zipfile.ZipFile(OUT, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in data.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), blob, zipfile.ZIP_DEFLATED)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
