"""Agreement figures for the report's method section, when two or more coders coded the corpus.

The report states agreement only where it was measured: the coders are those who hold codings
(consensus coders excluded, since they are made from the others), over informant turns of the
interviews all of them coded, exactly as ``kode agreement`` computes it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from export.labels import Labels
from export.report import AgreementRow
from intervju.errors import KodeError
from kodebok.agreement import agreement
from kodebok.models import Coder, Coding


def agreement_rows(session: Session, lang: str = "nb") -> list[AgreementRow]:
    coders = list(
        session.scalars(
            select(Coder.name)
            .where(Coder.is_consensus.is_(False), Coder.id.in_(select(Coding.coder_id)))
            .order_by(Coder.name)
        )
    )
    if len(coders) < 2:
        return []
    try:
        report = agreement(session, coders)
    except KodeError:  # no interview that all of them coded: nothing was measured
        return []
    rows = [AgreementRow(name, f.percent, f.kappa, f.alpha) for name, f in report.codes.items() if f.units]
    overall = report.overall
    rows.append(AgreementRow(f"{Labels(lang)('total')} ({', '.join(coders)})", overall.percent, overall.kappa,
                             overall.alpha))
    return rows
