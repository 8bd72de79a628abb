"""Agreement figures for the report's method section, when two or more coders coded the selection.

The report states agreement only where it was measured, and over the same selection as the rest
of the report: the coders are the named ones (``--coder``) or else those who hold codings in the
selection (consensus coders excluded, since they are made from the others); the interviews are
those the site, group and wave filters keep, and the codes those the code filter keeps. Within
that, the figures are computed over informant turns of the interviews all of them coded, exactly
as ``kode agreement`` computes them.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from export.labels import Labels
from export.matrices.data import (
    MatrixFilters,
    _pick,
    _vocab,
    narrow_interviews,
    resolve_coders,
    select_codes,
)
from export.report import AgreementRow
from intervju.errors import KodeError
from intervju.models import InformantGroup, Interview, Site, Wave
from kodebok.agreement import agreement
from kodebok.models import Coder, Coding


def agreement_rows(session: Session, lang: str = "nb", filters: MatrixFilters = MatrixFilters()) -> list[AgreementRow]:
    """Per-code and overall agreement over the report's selection (empty when nothing was measured)."""
    wave_name = dict(_pick("wave", "waves", filters.waves, _vocab(session, Wave)))
    group_name = dict(_pick("group", "groups", filters.groups, _vocab(session, InformantGroup)))
    site_name = dict(_pick("site", "sites", filters.sites, _vocab(session, Site)))
    narrowed = bool(filters.waves or filters.groups or filters.sites)
    interviews: list[str] = []
    if narrowed:
        q = narrow_interviews(select(Interview.id, Interview.name), filters, wave_name, group_name, site_name)
        rows = session.execute(q).all()
        if not rows:
            return []
        ids = [r.id for r in rows]
        interviews = [r.name for r in rows]
    coder_q = select(Coder.name).where(Coder.is_consensus.is_(False))
    if filters.coders:
        coder_q = coder_q.where(Coder.id.in_([i for i, _n in resolve_coders(session, filters)]))
    held = select(Coding.coder_id)
    if narrowed:
        held = held.where(Coding.interview_id.in_(ids))
    coders = list(session.scalars(coder_q.where(Coder.id.in_(held)).order_by(Coder.name)))
    if len(coders) < 2:
        return []
    codes: list[str] = []
    if filters.codes:
        codes = [c.uid for c in select_codes(session, filters)[0]]
    try:
        report = agreement(session, coders, codes=codes, interviews=interviews)
    except KodeError:  # no interview that all of them coded: nothing was measured
        return []
    display: dict[str, str | None] = {n: f for n, f in session.execute(select(Coder.name, Coder.full_name))}
    rows_out = [AgreementRow(name, f.percent, f.kappa, f.alpha) for name, f in report.codes.items() if f.units]
    overall = report.overall
    who = ", ".join(display.get(c) or c for c in coders)
    rows_out.append(AgreementRow(f"{Labels(lang)('total')} ({who})", overall.percent, overall.kappa, overall.alpha))
    return rows_out
