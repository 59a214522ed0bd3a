"""The content check: every text the document prints, read against the report's data.

Where the figure checks (:mod:`desktop_app.report.checks`) see that the numbers add up, this
part reads the words: the trích yếu, Kính gửi, Nơi nhận, the unit's lines and every paragraphs,
text and table-cell answer (:mod:`.texts`; the kind's own sentences are exempt). Its findings
become :class:`~desktop_app.report.checks.Issue` objects like the others, named by the field where
each stands (the document step's ids for the document's parts: ``trich_yeu``, ``kinh_gui``,
``noi_nhan``, ``ngay``; the unit's keys for its lines).

Rules, one module each:

1. period words naming another period (:mod:`.periods`), with a fix; in a plan or a next-period
   section, a deadline that went by before the period began (:mod:`.periods`); a document cited
   as about the period's year but dated two years before it (:mod:`.periods`);
2. date ranges backwards or not the cut-off, data dates before the period (:mod:`.periods`), with a fix;
   a date box of the period's own before it or in the future;
3. numbers disagreeing with the field they name, shares not following from their numbers
   (:mod:`.numbers`);
4. other units' names, the unit's former names (:mod:`.names`, with :class:`KnownNames` from storage);
5. the district level (and its thị trấn) after 01/7/2025, replaced legal texts (:mod:`.reform`, with
   :mod:`desktop_app.report.law`);
6. the issue date against the cut-off, today and the kind's deadline (:mod:`.periods`);
7. a figure of the previous period left in the text, its figure changed since (:mod:`.carried`).

Text a prefill carried from the previous period is read by the same rules.

>>> [f.code for f in content_findings(report)]          # doctest: +SKIP
['khoang_ngay_nguoc', 'khoang_so_lieu', 'so_lieu_trong_van_ban', 'ty_le_trong_van_ban']
"""

from __future__ import annotations

from datetime import date

from desktop_app.report.answers import Report
from desktop_app.report.catalogue import kind_of
from desktop_app.report.content.carried import stale_number_findings
from desktop_app.report.content.names import FormerUnit, KnownNames, name_findings, unit_name
from desktop_app.report.content.numbers import CODE as NUMBER_CODE
from desktop_app.report.content.numbers import number_findings
from desktop_app.report.content.periods import (
    date_range_findings,
    deadline_cell_findings,
    deadline_findings,
    issue_date_findings,
    period_date_findings,
    period_word_findings,
)
from desktop_app.report.content.reform import law_findings, reform_findings
from desktop_app.report.content.texts import Finding, Fix, FixError, fixed_value, pieces
from desktop_app.report.figures import Evaluation, evaluate
from desktop_app.report.kinds import Kind
from desktop_app.report.law import load_law

__all__ = [
    "CODES",
    "Finding",
    "Fix",
    "FixError",
    "FormerUnit",
    "KnownNames",
    "content_findings",
    "fixed_value",
    "unit_name",
]


# The codes of the content check's findings, one or two a rule.
CODES = (
    "ky_trong_van_ban",
    "han_da_qua",
    "van_ban_dan_cu",
    "khoang_ngay_nguoc",
    "khoang_so_lieu",
    "so_lieu_trong_van_ban",
    "ty_le_trong_van_ban",
    "ten_don_vi_khac",
    "ten_cu",
    "cap_huyen",
    "thi_tran",
    "van_ban_thay_the",
    "ngay_ban_hanh",
    "so_lieu_ky_truoc",
)


def content_findings(
    report: Report,
    kind: Kind | None = None,
    ev: Evaluation | None = None,
    names: KnownNames | None = None,
    today: date | None = None,
) -> list[Finding]:
    """Return every finding of the content check on ``report``, in rule order.

    ``names`` is what the database knows of other units and former names (none: only the report's
    own unit and text); ``today`` decides what is "in the future" (default: the computer's date).
    """
    kind = kind or kind_of(report)
    ev = ev or evaluate(kind, report.answers, cap=report.unit.cap, loai_ky=report.period.type)
    texts = pieces(report, kind, ev)
    law = load_law().with_rows(kind.superseded)
    stale = list(stale_number_findings(kind, ev, report.previous, texts)) if report.previous else []
    said = {f.fields for f in stale if len(f.fields) == 2}  # its words may name the figure too: once
    return [
        *period_word_findings(report, texts, kind.plans_ahead),
        *deadline_findings(report, kind, texts),
        *deadline_cell_findings(report, kind, texts),
        *date_range_findings(report, texts),
        *period_date_findings(report, kind, ev.visible_fields, today or date.today()),
        *(f for f in number_findings(kind, ev, texts) if f.code != NUMBER_CODE or f.fields not in said),
        *name_findings(report, texts, names or KnownNames()),
        *reform_findings(report, kind, ev, texts, law),
        *law_findings(report, texts, law),
        *issue_date_findings(report, kind, texts, today or date.today()),
        *stale,
    ]
