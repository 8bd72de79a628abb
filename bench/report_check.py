"""Check a Word file kode wrote for what a report writer would otherwise fix by hand.

    python bench/report_check.py rapport.docx [matrise.docx …] [--lang nb|en] [--no-toc]

Asserts, and prints one line per problem (exit 1 when there is any):
- every section on A4 (portrait or landscape) unless ``--any-paper`` (a template's own paper);
- the document language (``nb-NO`` or ``en-GB``) in the default run properties;
- core properties: a title, a subject and an author, created/modified within the last day, and no
  trace of python-docx, the user account or a file path;
- no table row may split across pages (``w:cantSplit`` on every row), header rows repeat;
- fixed column widths on every table, every column at least as wide as the longest word in it
  (so Word never breaks a word, in a header or a label, at 100 % zoom);
- a numbered caption (``SEQ`` field) before every table and after every picture; alt text on
  every picture;
- a table of contents field (unless ``--no-toc``: matrix files have none).
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

A4_SHORT, A4_LONG = Cm(21.0), Cm(29.7)
TOLERANCE = Cm(0.2)
_WORD = re.compile(r"[^ \t\n]+")  # a no-break space (U+00A0) does not end a word


def _near(a: int | None, b: int) -> bool:
    return a is not None and abs(a - b) <= TOLERANCE


def check(path: Path, *, lang: str = "nb", toc: bool = True, paper: bool = True) -> list[str]:
    """The problems found in ``path`` (empty when it passes)."""
    problems: list[str] = []
    doc = Document(str(path))
    name = Path(path).name

    # paper
    if paper:
        for i, section in enumerate(doc.sections):
            w, h = section.page_width, section.page_height
            if not ((_near(w, A4_SHORT) and _near(h, A4_LONG)) or (_near(w, A4_LONG) and _near(h, A4_SHORT))):
                problems.append(f"{name}: section {i + 1} is not A4 ({w} × {h} EMU)")

    # language
    tag = {"nb": "nb-NO", "en": "en-GB"}[lang]
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    langs = [] if defaults is None else [el.get(qn("w:val")) for el in defaults.iter(qn("w:lang"))]
    if langs != [tag]:
        problems.append(f"{name}: document language {langs or 'unset'}, want {tag}")

    # properties
    props = doc.core_properties
    for field in ("title", "subject", "author"):
        if not (getattr(props, field) or "").strip():
            problems.append(f"{name}: core property {field} is empty")
    now = datetime.now(UTC).replace(tzinfo=None)
    for field in ("created", "modified"):
        value = getattr(props, field)
        if value is None or abs(now - value.replace(tzinfo=None)) > timedelta(days=1):
            problems.append(f"{name}: core property {field} is {value}, not now")
    user = getpass.getuser()
    texts = [props.title, props.subject, props.author, props.last_modified_by, props.comments, props.keywords,
             props.category]
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            texts.append(re.sub(r"<[^>]+>", " ", part.blob.decode("utf-8", "replace").split("?>", 1)[-1]))
    for text in texts:
        if not text:
            continue
        if "python-docx" in text:
            problems.append(f"{name}: document properties mention python-docx")
        if len(user) > 2 and re.search(rf"\b{re.escape(user)}\b", text) and user not in ("kode",):
            problems.append(f"{name}: document properties hold the user name {user!r}")
        if re.search(r"(^|\s)/(home|tmp|Users|root)/|[A-Za-z]:\\|://", text):
            problems.append(f"{name}: document properties hold a path or URL: {text[:60]!r}")

    # tables
    body = doc.element.body
    children = list(body.iterchildren())
    for t_index, table in enumerate(doc.tables, 1):
        tbl = table._tbl
        rows = tbl.tr_lst
        split = sum(1 for tr in rows if tr.trPr is None or tr.trPr.find(qn("w:cantSplit")) is None)
        if split:
            problems.append(f"{name}: table {t_index}: {split} of {len(rows)} rows may split across pages")
        if rows and (rows[0].trPr is None or rows[0].trPr.find(qn("w:tblHeader")) is None):
            problems.append(f"{name}: table {t_index}: the header row does not repeat")
        # a caption (with a SEQ field) right before the table
        k = children.index(tbl)
        before = children[k - 1] if k > 0 else None
        if before is None or not _has_seq(before):
            problems.append(f"{name}: table {t_index} has no numbered caption before it")
        layout = tbl.tblPr.find(qn("w:tblLayout"))
        if layout is None or layout.get(qn("w:type")) != "fixed":
            problems.append(f"{name}: table {t_index}: column widths are not set (autofit)")
            continue
        widths = [int(g.get(qn("w:w"))) for g in tbl.tblGrid.gridCol_lst]
        size = _font_size(rows[0]) if rows else 10.0
        narrow = []
        for c, width in enumerate(widths):
            longest = 0
            for r, tr in enumerate(rows):
                tcs = tr.tc_lst
                if c < len(tcs):
                    text = " ".join(t.text or "" for t in tcs[c].iter(qn("w:t")))
                    bold = 1.1 if r == 0 or c == 0 else 1.0
                    longest = max(longest, int(max((len(w) for w in _WORD.findall(text)), default=0) * bold))
            need = longest * size * 20 * 0.5 + 150  # twips: a narrow estimate of the longest word's width
            if width < need:
                narrow.append(c + 1)
        if narrow:
            problems.append(f"{name}: table {t_index}: columns {narrow} narrower than their longest word")

    # pictures: alt text and a caption after
    for k, child in enumerate(children):
        for doc_pr in child.iter(qn("wp:docPr")):
            if not (doc_pr.get("descr") or "").strip():
                problems.append(f"{name}: a picture has no alt text")
            after = children[k + 1] if k + 1 < len(children) else None
            if after is None or not _has_seq(after):
                problems.append(f"{name}: a picture has no numbered caption after it")

    # table of contents
    instructions = " ".join(el.text or "" for el in body.iter(qn("w:instrText")))
    if toc and "TOC" not in instructions:
        problems.append(f"{name}: no table of contents field")
    return problems


def _has_seq(element: object) -> bool:
    iter_ = getattr(element, "iter", None)
    if iter_ is None:
        return False
    return any("SEQ" in (el.text or "") for el in iter_(qn("w:instrText")))


def _font_size(tr: object) -> float:
    for sz in tr.iter(qn("w:sz")):  # type: ignore[attr-defined]
        return int(sz.get(qn("w:val"))) / 2
    return 10.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--lang", default="nb", choices=["nb", "en"])
    ap.add_argument("--no-toc", action="store_true", help="Do not ask for a table of contents (matrix files).")
    ap.add_argument("--any-paper", action="store_true", help="Accept any paper size (a template's).")
    args = ap.parse_args()
    problems = []
    for path in args.files:
        found = check(path, lang=args.lang, toc=not args.no_toc, paper=not args.any_paper)
        problems += found
        print(f"{path}: {'ok' if not found else f'{len(found)} problem(s)'}")
    for line in problems:
        print(line)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
