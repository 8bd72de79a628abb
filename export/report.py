"""The Word report: title page, table of contents, corpus table, method, an overview of themes over
time, a section per theme and per sub-theme (table by group with change markers, chart, the
longitudinal matrix for themes, quotes spread over waves and groups), and the codebook appendix.

Styles are Word's own, used by name ("Title", "Heading 1–3", "Quote", "Caption", "Light Grid
Accent 1"), so a user can restyle the whole report in Word, or start from an institution's
template (``--template``). Layout for print is :mod:`export.docx_util`'s: A4, the report's
language, column widths from content, rows that never split, numbered captions, alt text.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentType
from docx.shared import Cm
from docx.text.paragraph import Paragraph
from sqlalchemy import select
from sqlalchemy.orm import Session

from export import docx_util
from export.chart import share_chart
from export.codebook_docx import add_codebook_table
from export.files import atomic_write, check_target
from export.labels import Labels
from export.matrices import (
    ChangeRule,
    CodeRef,
    Dataset,
    LongitudinalMatrix,
    MatrixFilters,
    Segment,
    ThemeWaveMatrix,
    load_dataset,
    longitudinal_matrix,
    theme_wave,
)
from export.tables import Table, longitudinal_table, split_title, theme_cell_text
from kodebok.models import Coder


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
    quotes: int = 1  # per wave × group (× site when split by site) of a theme or sub-theme
    by: tuple[str, ...] = ("group",)
    threshold: float = 0.10
    title: str | None = None
    agreement: Sequence[AgreementRow | tuple[str, float | None, float | None, float | None]] = ()
    author: str | None = None  # default: the project's name
    template: Path | None = None  # an institution's .docx: its styles, headers, footers and first page
    depth: int = 1  # sections for themes (0) and their sub-themes down to this depth


@dataclass
class ReportSummary:
    path: Path
    themes: int
    interviews: int
    segments: int
    quotes: int
    tables: list[Table] = field(default_factory=list)  # every table written, in order (for checks)
    captions: list[str] = field(default_factory=list)  # "Tabell 1: …", "Figur 1: …" in order

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "themes": self.themes, "interviews": self.interviews,
                "segments": self.segments, "quotes": self.quotes, "tables": len(self.tables)}


_WORDS = re.compile(r"\w{4,}")
QUOTE_WORDS = (8, 80)  # a quote of this many words reads well; others only when nothing else is left


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORDS.findall(text)}


def typical_quotes(
    segments: Sequence[Segment], participants: Sequence[int | None], n: int, waves: Sequence[str],
    groups: Sequence[str] = (), *, by: Sequence[str] = ("group",),
) -> list[Segment]:
    """Quotes spread over the waves and groups: for each wave × group (× site), in the project's
    order, the ``n`` most *typical* segments, at most one per participant in the whole list.

    Typical means: the segment whose words (of four letters or more) occur in the most of the
    theme's other segments, on average: what many people said, not the longest or shortest thing.
    Segments of 8–80 words come first; shorter or longer ones are quoted only when a cell has no
    other. Ties go to the earlier interview and position. Segments with no participant are never quoted.
    """
    pool = [(s, p) for s, p in zip(segments, participants, strict=True) if p is not None and s.text.strip()]
    if not pool or n <= 0:
        return []
    bags = [_words(s.text) for s, _p in pool]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag)
    low, high = QUOTE_WORDS
    scored = []
    for (seg, pid), bag in zip(pool, bags, strict=True):
        score = sum(df[w] - 1 for w in bag) / len(bag) if bag else 0.0
        length = len(seg.text.split())
        scored.append((0 if low <= length <= high else 1, -score, seg.interview, seg.start, seg, pid))
    scored.sort(key=lambda t: t[:4])
    cells: dict[tuple[str, tuple[str, ...]], list[tuple[Segment, int]]] = {}
    for *_k, seg, pid in scored:
        key = tuple(seg.group if part == "group" else seg.site for part in by)
        cells.setdefault((seg.wave, key), []).append((seg, pid))
    wave_order = {w: i for i, w in enumerate(waves)}
    group_order = {g: i for i, g in enumerate(groups)}
    chosen: list[Segment] = []
    used: set[int] = set()
    for wave, key in sorted(cells, key=lambda k: (wave_order.get(k[0], 99),
                                                  [group_order.get(x, 99) for x in k[1]], k[1])):
        taken = 0
        for seg, pid in cells[(wave, key)]:
            if taken == n:
                break
            if pid in used:
                continue
            used.add(pid)
            chosen.append(seg)
            taken += 1
    return chosen


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


def _filters_text(filters: MatrixFilters, ds: Dataset, L: Labels, coder_names: dict[str, str]) -> str:
    """The selection in the project's own spelling (``sjoglimt`` on the command line prints as
    ``Sjøglimt``; groups by their labels, coders by their display names)."""
    parts = []
    if filters.codes:
        parts.append(f"{L('theme').lower()}: {', '.join(c.name for c in ds.themes)}")
    if filters.groups:
        parts.append(f"{L('group').lower()}: {', '.join(L.group(g) for g in ds.groups)}")
    if filters.sites:
        parts.append(f"{L('site').lower()}: {', '.join(ds.sites)}")
    if filters.waves:
        parts.append(f"{L('wave').lower()}: {', '.join(ds.waves)}")
    if filters.coders:
        parts.append(f"{L('coders').lower()}: {', '.join(coder_names.get(c, c) for c in ds.coders)}")
    if filters.consensus:
        parts.append(L("consensus"))
    return f"{L('filters')}: " + ("; ".join(parts) if parts else L("all"))


def pipeline_words(name: str, L: Labels) -> str:
    """A pipeline id as words: ``fallback:blank-nb+ordbank`` → «språkmodell: spaCy, reserveløsning
    med Norsk ordbank»; a trained model by its name."""
    if name.startswith("fallback:") or ("blank" in name and "ordbank" in name):
        return L("pipeline_fallback")
    model = name.split(":", 1)[-1]
    return L("pipeline_model", model=model)


class _Writer:
    """The document being written, its captions and the tables written (for checks)."""

    def __init__(self, doc: DocumentType, L: Labels) -> None:
        self.doc = doc
        self.L = L
        self.captions = docx_util.Captions(L("caption_table"), L("caption_figure"))
        self.written: list[Table] = []

    def heading(self, text: str, level: int) -> None:
        docx_util.keep_with_next(docx_util.heading(self.doc, text, level))

    def paragraph(self, text: str, *, keep: bool = False, style: str | None = None) -> Paragraph:
        p = self.doc.add_paragraph(text) if style is None else docx_util.styled(self.doc, text, style)
        if keep:
            docx_util.keep_with_next(p)
        return p

    def table(self, table: Table, *, caption: bool = True, font_size: float | None = None,
              shading: Sequence[Sequence[str | None]] | None = None) -> None:
        if caption:
            self.captions.add(self.doc, "table", table.title, keep_next=True)
        docx_util.add_table(self.doc, table.header, table.rows, font_size=font_size, shading=shading)
        self.doc.add_paragraph()  # room after the table; also keeps the next caption off it
        self.written.append(table)

    def chart(self, png: bytes, alt: str, caption: str, width_cm: float = 15.0) -> None:
        docx_util.add_picture(self.doc, io.BytesIO(png), Cm(width_cm), alt)
        self.captions.add(self.doc, "figure", caption, keep_next=False)


def _method(w: _Writer, ds: Dataset, m: ThemeWaveMatrix, options: ReportOptions, filters: MatrixFilters,
            coder_names: dict[str, str]) -> None:
    L = w.L
    w.heading(L("method"), 1)
    coders = sorted({c for segs in ds.segments.values() for s in segs for c in s.coders})
    shown = [coder_names.get(c, c) for c in coders]
    w.paragraph(L("method_coders", coders=_join(shown, L)) if coders else L("method_coders_none"))
    if ds.consensus:
        w.paragraph(L("method_selection_consensus", coders=_join([coder_names.get(c, c) for c in ds.coders], L)))
    elif filters.coders:
        w.paragraph(L("method_selection_one", coders=_join([coder_names.get(c, c) for c in ds.coders], L)))
    else:
        w.paragraph(L("method_selection_all"))
    w.paragraph(L("method_segment"))
    segments = sum(len(ds.segments.get(t.id, ())) for t in ds.themes)
    w.paragraph(L("method_codings", segments=segments, interviews=len(ds.interviews)))
    pipelines: Counter[str] = Counter()
    for iv in ds.interviews.values():
        if iv.pipeline:
            pipelines[pipeline_words(iv.pipeline, L)] += 1
    if pipelines:
        text = "; ".join(f"{name} ({n} {L('interviews').lower()})" for name, n in pipelines.most_common())
        w.paragraph(L("method_pipeline", pipelines=text))
    else:
        w.paragraph(L("method_pipeline_none"))
    w.paragraph(_filters_text(filters, ds, L, coder_names) + ".")
    w.paragraph(L("method_theme"))
    w.paragraph(L("method_share"))
    w.paragraph(L("change_rule", threshold=L.number(m.rule.threshold)))
    w.paragraph(L("quote_rule", n=options.quotes))
    w.paragraph(L("chart_rule"))
    if options.agreement:
        rows = []
        for item in options.agreement:
            row = item if isinstance(item, AgreementRow) else AgreementRow(*item)
            rows.append([row.code,
                         "–" if row.percent is None else L.number(row.percent, 1),
                         "–" if row.kappa is None else L.number(row.kappa),
                         "–" if row.alpha is None else L.number(row.alpha)])
        w.heading(L("agreement"), 2)
        w.paragraph(L("agreement_intro"), keep=True)
        w.table(Table(L("agreement"), [L("code"), L("percent_agreement"), L("kappa"), L("alpha")], rows))


def _join(names: Sequence[str], L: Labels) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {L('and')} {names[-1]}"


def _people(ds: Dataset, by: Sequence[str]) -> dict[tuple[tuple[str, ...], str], frozenset[int]]:
    """(split, wave) -> the participants interviewed there."""
    out: dict[tuple[tuple[str, ...], str], set[int]] = {}
    for iv in ds.interviews.values():
        key = tuple(iv.group if part == "group" else iv.site for part in by) or ("",)
        out.setdefault((key, iv.wave), set()).update(iv.participants)
    return {k: frozenset(v) for k, v in out.items()}


def _section(w: _Writer, ds: Dataset, m: ThemeWaveMatrix, lm: LongitudinalMatrix, code: CodeRef,
             options: ReportOptions, people: dict[tuple[tuple[str, ...], str], frozenset[int]],
             level: int) -> int:
    """One theme's (or sub-theme's) section; returns the number of quotes written."""
    L = w.L
    w.heading(code.name, level)
    if code.definition:
        p = w.paragraph(code.definition, keep=True)
        if p.runs:
            p.runs[0].italic = True
    w.table(theme_table(m, code.id, L))
    if level == 2:  # sub-themes: the table and quotes (a chart each would double the report's time)
        png, alt, varying = share_chart(m, code, L, people)
        w.chart(png, alt, L("chart_caption", theme=code.name) + (" " + L("chart_panel_note") if varying else ""))
        long_table = longitudinal_table(lm, code.id, L)
        if long_table.rows:
            w.heading(long_table.title, 3)
            has_memo = any(row[-1] for row in long_table.rows)
            if has_memo:
                w.paragraph(L("longitudinal_intro"), keep=True)
            else:
                long_table = Table(long_table.title, long_table.header[:-1], [r[:-1] for r in long_table.rows],
                                   long_table.sheet)
                w.paragraph(L("longitudinal_intro_no_memo", code=code.uid), keep=True)
            w.table(long_table)
    if level == 2:
        w.heading(L("typical_quotes"), 3)
    else:
        label = w.paragraph(L("typical_quotes"), keep=True)
        label.runs[0].bold = True
    chosen = typical_quotes(ds.segments.get(code.id, []), ds.segment_participants.get(code.id, []),
                            options.quotes, ds.waves, ds.groups, by=options.by or ("group",))
    if not chosen:
        w.paragraph(L("no_quotes"))
    for seg in chosen:
        quote = quote_text(seg, ds.texts.get(seg.interview_id, ""))
        w.paragraph(f"«{quote}» {L.attribution(seg.group, seg.participant, seg.site, seg.wave)}", style="Quote")
    return len(chosen)


def build_report(
    session: Session, path: Path, filters: MatrixFilters = MatrixFilters(), options: ReportOptions = ReportOptions(),
    *, project_name: str = "kode",
) -> ReportSummary:
    """Write the report to ``path`` (temp file, then ``os.replace``; mode 0600)."""
    L = Labels(options.lang)
    check_target(Path(path))
    ds = load_dataset(session, filters)
    m = theme_wave(ds, by=options.by, rule=ChangeRule(options.threshold))
    lm = longitudinal_matrix(session, ds)
    coder_names = {name: full or name for name, full in session.execute(select(Coder.name, Coder.full_name))}
    quotes_total = 0

    title = options.title or L("report_title")
    doc = docx_util.new_document(lang=options.lang, title=title, subject=L("report_subject", project=project_name),
                                 author=options.author or project_name, template=options.template)
    w = _Writer(doc, L)
    docx_util.page_number_footer(doc, L("page"))
    # title page and contents
    docx_util.styled(doc, title, "Title")
    docx_util.styled(doc, L("report_subtitle", project=project_name), "Subtitle")
    doc.add_paragraph(L("made", date=date.today().isoformat()))
    doc.add_paragraph(_filters_text(filters, ds, L, coder_names))
    doc.add_page_break()
    contents = doc.add_paragraph(L("contents"))
    if contents.runs:
        contents.runs[0].bold = True
    toc = docx_util.add_toc(doc)
    doc.add_page_break()

    w.heading(L("contents_corpus"), 1)
    w.paragraph(L("corpus_intro"), keep=True)
    w.table(corpus_table(ds, L))
    _method(w, ds, m, options, filters, coder_names)

    # overview: landscape when wide
    overview = overview_table(m, L)
    wide = docx_util.needs_landscape(doc, overview.header, overview.rows)
    if wide:
        docx_util.landscape_section(doc)
    w.heading(L("overview"), 1)
    w.paragraph(L("overview_intro"), keep=True)
    w.table(overview, font_size=8 if wide else None)
    if wide:
        docx_util.portrait_section(doc)

    w.heading(L("themes"), 1)
    if not ds.themes:
        w.paragraph(L("no_codes"))
    people = _people(ds, options.by)
    for theme in ds.themes:
        quotes_total += _section(w, ds, m, lm, theme, options, people, 2)
        for sub in ds.codes:
            if options.depth > 0 and sub.parent_id == theme.id:
                quotes_total += _section(w, ds, m, lm, sub, options, people, 3)

    docx_util.landscape_section(doc)
    w.heading(L("appendix_codebook"), 1)
    w.captions.add(doc, "table", L("appendix_codebook").split(": ", 1)[-1], keep_next=True)
    add_codebook_table(doc, session, options.lang)
    docx_util.fill_toc(doc, toc, L("toc_hint"))

    atomic_write(Path(path), lambda tmp: doc.save(str(tmp)))
    return ReportSummary(Path(path), len(ds.themes), len(ds.interviews),
                         sum(len(ds.segments.get(t.id, ())) for t in ds.themes), quotes_total, w.written,
                         w.captions.written)
