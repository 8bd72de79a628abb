"""The Word report: title page, corpus table, method, an overview of themes over time, a section per
theme (table by group with change markers, chart, longitudinal matrix, typical quotes), and the
codebook appendix.

Styles are Word's own, used by name ("Title", "Heading 1–3", "Quote", "Light Grid Accent 1"), so a
user can restyle the whole report in Word. Wide tables sit in landscape sections; header rows
repeat on every page; the footer carries the page number.
"""

from __future__ import annotations

import io
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentType
from docx.shared import Cm
from sqlalchemy.orm import Session

from export import docx_util
from export.chart import share_chart
from export.codebook_docx import add_codebook_table
from export.files import atomic_write, check_target
from export.labels import Labels
from export.matrices import (
    ChangeRule,
    Dataset,
    MatrixFilters,
    Segment,
    ThemeWaveMatrix,
    load_dataset,
    longitudinal_matrix,
    theme_wave,
)
from export.tables import Table, longitudinal_table, split_title, theme_cell_text


@dataclass(frozen=True)
class AgreementRow:
    """One code's agreement figures, as ``kodebok.agreement`` reports them (None when not computed)."""

    code: str
    percent: float | None
    kappa: float | None
    alpha: float | None


@dataclass(frozen=True)
class ReportOptions:
    lang: str = "nb"
    quotes: int = 3
    by: tuple[str, ...] = ("group",)
    threshold: float = 0.10
    title: str | None = None
    agreement: Sequence[AgreementRow | tuple[str, float | None, float | None, float | None]] = ()


@dataclass
class ReportSummary:
    path: Path
    themes: int
    interviews: int
    segments: int
    quotes: int
    tables: list[Table] = field(default_factory=list)  # every table written, in order (for checks)

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "themes": self.themes, "interviews": self.interviews,
                "segments": self.segments, "quotes": self.quotes, "tables": len(self.tables)}


def typical_quotes(
    segments: Sequence[Segment], participants: Sequence[int | None], n: int, waves: Sequence[str]
) -> list[Segment]:
    """The ``n`` segments whose length is closest to the median length, at most one per participant,
    returned in wave order. Segments with no participant are never quoted."""
    pool = [(s, p) for s, p in zip(segments, participants, strict=True) if p is not None and s.text.strip()]
    if not pool or n <= 0:
        return []
    median = statistics.median(len(s.text) for s, _p in pool)
    order = {w: i for i, w in enumerate(waves)}
    pool.sort(key=lambda sp: (abs(len(sp[0].text) - median), order.get(sp[0].wave, 99), sp[0].interview,
                              sp[0].start))
    chosen: list[Segment] = []
    used: set[int] = set()
    for seg, pid in pool:
        if pid in used:
            continue
        used.add(pid)
        chosen.append(seg)
        if len(chosen) == n:
            break
    return sorted(chosen, key=lambda s: (order.get(s.wave, 99), s.participant or "", s.start))


def quote_text(seg: Segment, full_text: str, limit: int = 600) -> str:
    """The segment as a quote: a word cut at either end is left out and marked with …, and a long
    segment is shortened at a word boundary."""
    start, end = seg.start, seg.end
    text = full_text[start:end] if full_text else seg.text
    lead = trail = ""
    if full_text and start > 0 and full_text[start - 1].isalnum() and text[:1].isalnum():
        cut = text.find(" ")
        text, lead = (text[cut + 1 :], "…") if cut >= 0 else (text, "")
    if full_text and end < len(full_text) and full_text[end].isalnum() and text[-1:].isalnum():
        cut = text.rfind(" ")
        text, trail = (text[:cut], "…") if cut >= 0 else (text, "")
    text = text.strip()
    if len(text) > limit:
        text, trail = text[: text.rfind(" ", 0, limit)].rstrip(" ,;:"), "…"
    return f"{lead}{text}{trail}"


def corpus_table(ds: Dataset, L: Labels) -> Table:
    counts: Counter[tuple[str, str, str]] = Counter()
    words: Counter[tuple[str, str, str]] = Counter()
    people: dict[tuple[str, str, str], set[int]] = {}
    for iv in ds.interviews.values():
        key = (iv.site, iv.group, iv.wave)
        counts[key] += 1
        words[key] += iv.words
        people.setdefault(key, set()).update(iv.participants)
    rows: list[list[Any]] = []
    for site in ds.sites:
        for group in ds.groups:
            for wave in ds.waves:
                key = (site, group, wave)
                if counts[key]:
                    rows.append([site, L.group(group), wave, counts[key], len(people[key]), words[key]])
    total_people = len({p for iv in ds.interviews.values() for p in iv.participants})
    rows.append([L("total"), "", "", sum(counts.values()), total_people, sum(words.values())])
    header = [L("site"), L("group"), L("wave"), L("interviews"), L("participants"), L("words")]
    return Table(L("contents_corpus"), header, rows)


def overview_table(m: ThemeWaveMatrix, L: Labels) -> Table:
    header = [L("theme")]
    for split in m.splits:
        for w in m.waves:
            header.append(f"{split_title(split, m.by, L)} {w}")
    rows = []
    for code in m.codes:
        row: list[Any] = [("  " * code.depth + "– " if code.depth else "") + code.name]
        for split in m.splits:
            for w in m.waves:
                row.append(theme_cell_text(m.cell(code, split, w), L).replace(" · ", "\n"))
        rows.append(row)
    return Table(L("overview"), header, rows)


def theme_table(m: ThemeWaveMatrix, code_id: int, L: Labels) -> Table:
    code = next(c for c in m.codes if c.id == code_id)
    pairs = list(zip(m.waves, m.waves[1:], strict=False))
    header = [L("group") if m.by == ("group",) else L("site") if m.by == ("site",) else "", *m.waves,
              *[f"{a}→{b}" for a, b in pairs]]
    rows = []
    for split in m.splits:
        if not any(m.cell(code, split, w).interviewed for w in m.waves):
            continue
        rows.append([split_title(split, m.by, L), *[theme_cell_text(m.cell(code, split, w), L) for w in m.waves],
                     *[L.marked(m.change(code, split, a).category) for a, _b in pairs]])
    return Table(L("by_group", theme=code.name), header, rows)


def _filters_text(filters: MatrixFilters, L: Labels) -> str:
    parts = []
    for key, values in (("theme", filters.codes), ("group", filters.groups), ("site", filters.sites),
                        ("wave", filters.waves), ("coders", filters.coders)):
        if values:
            parts.append(f"{L(key).lower()}: {', '.join(values)}")
    if filters.consensus:
        parts.append("konsensus" if L.lang == "nb" else "consensus")
    return f"{L('filters')}: " + ("; ".join(parts) if parts else L("all"))


def _table(doc: DocumentType, table: Table, written: list[Table], *, heading: int | None = 2,
           font_size: float | None = None) -> None:
    if heading is not None:
        doc.add_heading(table.title, level=heading)
    docx_util.add_table(doc, table.header, table.rows, font_size=font_size)
    written.append(table)


def _method(doc: DocumentType, ds: Dataset, m: ThemeWaveMatrix, options: ReportOptions, L: Labels,
            written: list[Table], named: bool) -> None:
    doc.add_heading(L("method"), level=1)
    coders = sorted({c for segs in ds.segments.values() for s in segs for c in s.coders})
    doc.add_paragraph(L("method_coders", coders=", ".join(coders)) if coders else L("method_coders_none"))
    if ds.consensus:
        doc.add_paragraph(L("method_selection_consensus", coders=", ".join(ds.coders)))
    elif named:
        doc.add_paragraph(L("method_selection_one", coders=", ".join(ds.coders)))
    else:
        doc.add_paragraph(L("method_selection_all"))
    doc.add_paragraph(L("method_segment"))
    segments = sum(len(ds.segments.get(t.id, ())) for t in ds.themes)
    doc.add_paragraph(L("method_codings", segments=segments, interviews=len(ds.interviews)))
    pipelines = Counter(iv.pipeline for iv in ds.interviews.values() if iv.pipeline)
    if pipelines:
        text = ", ".join(f"{name} ({n})" for name, n in pipelines.most_common())
        doc.add_paragraph(L("method_pipeline", pipelines=text))
    else:
        doc.add_paragraph(L("method_pipeline_none"))
    doc.add_paragraph(L("method_theme"))
    doc.add_paragraph(L("method_share"))
    doc.add_paragraph(L("change_rule", threshold=L.number(m.rule.threshold)))
    doc.add_paragraph(L("quote_rule", n=options.quotes))
    if options.agreement:
        rows = []
        for item in options.agreement:
            row = item if isinstance(item, AgreementRow) else AgreementRow(*item)
            rows.append([row.code,
                         "–" if row.percent is None else L.number(row.percent, 1),
                         "–" if row.kappa is None else L.number(row.kappa),
                         "–" if row.alpha is None else L.number(row.alpha)])
        doc.add_heading(L("agreement"), level=2)
        doc.add_paragraph(L("agreement_intro"))
        _table(doc, Table(L("agreement"), [L("code"), L("percent_agreement"), L("kappa"), L("alpha")], rows),
               written, heading=None)


def build_report(
    session: Session, path: Path, filters: MatrixFilters = MatrixFilters(), options: ReportOptions = ReportOptions(),
    *, project_name: str = "kode",
) -> ReportSummary:
    """Write the report to ``path`` (temp file, then ``os.replace``; mode 0600)."""
    from docx import Document

    L = Labels(options.lang)
    check_target(Path(path))
    ds = load_dataset(session, filters)
    m = theme_wave(ds, by=options.by, rule=ChangeRule(options.threshold))
    lm = longitudinal_matrix(session, ds)
    written: list[Table] = []
    quotes_total = 0

    doc = Document()
    docx_util.page_number_footer(doc, L("page"))
    # title page
    doc.add_paragraph(options.title or L("report_title"), style="Title")
    doc.add_paragraph(L("report_subtitle", project=project_name), style="Subtitle")
    doc.add_paragraph(L("made", date=date.today().isoformat()))
    doc.add_paragraph(_filters_text(filters, L))
    doc.add_page_break()

    doc.add_heading(L("contents_corpus"), level=1)
    doc.add_paragraph(L("corpus_intro"))
    _table(doc, corpus_table(ds, L), written, heading=None)
    _method(doc, ds, m, options, L, written, bool(filters.coders))

    # overview: wide, so landscape
    overview = overview_table(m, L)
    if overview.wide:
        docx_util.landscape_section(doc)
    doc.add_heading(L("overview"), level=1)
    doc.add_paragraph(L("overview_intro"))
    _table(doc, overview, written, heading=None, font_size=8 if overview.wide else None)
    if overview.wide:
        docx_util.portrait_section(doc)

    doc.add_heading(L("themes"), level=1)
    if not ds.themes:
        doc.add_paragraph(L("no_codes"))
    for theme in ds.themes:
        doc.add_heading(theme.name, level=2)
        if theme.definition:
            doc.add_paragraph(theme.definition).runs[0].italic = True
        _table(doc, theme_table(m, theme.id, L), written, heading=3)
        doc.add_picture(io.BytesIO(share_chart(m, theme, L)), width=Cm(15))
        long_table = longitudinal_table(lm, theme.id, L)
        doc.add_heading(long_table.title, level=3)
        doc.add_paragraph(L("longitudinal_intro"))
        _table(doc, long_table, written, heading=None)
        doc.add_heading(L("typical_quotes"), level=3)
        chosen = typical_quotes(ds.segments.get(theme.id, []), ds.segment_participants.get(theme.id, []),
                                options.quotes, ds.waves)
        if not chosen:
            doc.add_paragraph(L("no_quotes"))
        for seg in chosen:
            quote = quote_text(seg, ds.texts.get(seg.interview_id, ""))
            doc.add_paragraph(f"«{quote}» {L.attribution(seg.group, seg.participant, seg.site, seg.wave)}",
                              style="Quote")
        quotes_total += len(chosen)

    docx_util.landscape_section(doc)
    doc.add_heading(L("appendix_codebook"), level=1)
    add_codebook_table(doc, session, options.lang)

    atomic_write(Path(path), lambda tmp: doc.save(str(tmp)))
    return ReportSummary(Path(path), len(ds.themes), len(ds.interviews),
                         sum(len(ds.segments.get(t.id, ())) for t in ds.themes), quotes_total, written)
