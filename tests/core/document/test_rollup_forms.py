"""The forms of a rolled-up report: a row per unit, grouped by level, subtotals, the report's own total."""

from __future__ import annotations

import io
from dataclasses import replace

from docx import Document

from desktop_app.document.forms import (
    FORM_06,
    FORM_CAP,
    form_table,
    forms_for_kind,
    ticked_forms,
    with_rollup_forms,
)
from desktop_app.document.render import render_report
from desktop_app.report import catalogue
from desktop_app.report.answers import DocumentInfo, Report
from desktop_app.report.kinds import load_kind
from desktop_app.report.periods import Period
from desktop_app.report.prefill import blank_report
from desktop_app.report.rollup import aggregate, source_of
from tests.rollup_data import COMMUNE, MONTHLY_SEED, PROVINCE, QUARTER, commune_quarter, departments, seed


def rolled(reports: list[Report], kind_id: str = "bao_cao_kstthc", period: Period = QUARTER) -> Report:
    kind = load_kind(kind_id)
    base = blank_report(kind, period, PROVINCE, DocumentInfo())
    return aggregate(kind, "units", [source_of(r, r.unit.ten_goi) for r in reports], base).report


def column(form, rows, key):  # type: ignore[no-untyped-def]
    index = next(i for i, leaf in enumerate(form.leaves()) if leaf.key == key)
    return [(r.stt, r.label, r.cells[index].value) for r in rows]


def test_departments_and_communes_are_two_groups_with_subtotals_and_the_total() -> None:
    communes = [
        replace(commune_quarter(1), unit=replace(COMMUNE, co_quan=f"UBND XÃ {n.upper()}", ten=f"UBND xã {n}"))
        for n in ("An Bình", "Mỹ Hòa")
    ]
    report = rolled([*departments()[:2], *communes])
    form, rows = form_table(FORM_06, None, report)
    assert column(form, rows, "tiep_nhan") == [
        ("I", "SỞ, BAN, NGÀNH VÀ CƠ QUAN CẤP TỈNH", None),
        ("1", "Sở Tư pháp", 105),
        ("2", "Sở Xây dựng", 10),
        ("", "Cộng", 115),
        ("II", "UBND XÃ, PHƯỜNG, ĐẶC KHU", None),
        ("1", "UBND xã An Bình", 110),
        ("2", "UBND xã Mỹ Hòa", 110),
        ("", "Cộng", 220),
        ("", "Tổng cộng", 335),
    ]
    assert [r.sums for r in rows if r.sums] == [(1, 2), (5, 6), (1, 2, 5, 6)]
    assert rows[-1].is_total and rows[0].is_group and rows[0].bold


def test_the_total_row_carries_the_reports_own_figures_even_where_a_split_is_unknown() -> None:
    report = rolled(departments())
    form, rows = form_table(FORM_06, None, report)
    assert [r.label for r in rows if not r.is_group][-1] == "Tổng cộng"
    total = rows[-1]
    index = {leaf.key: i for i, leaf in enumerate(form.leaves())}
    # Sở Y tế gave only "trước và đúng hạn": the report's split is unknown, one cell over both.
    assert (total.cells[index["truoc_han"]].value, total.cells[index["truoc_han"]].span) == (435, 2)
    assert total.cells[index["tiep_nhan"]].value == 498
    assert "Cộng" not in [r.label for r in rows]  # one group: no subtotal repeating the total


def test_a_roll_up_ticks_its_forms_and_other_reports_keep_their_ticks() -> None:
    report = with_rollup_forms(rolled(departments()))
    assert [f.id for f in ticked_forms(report)] == ["05a", "06b"]
    plain = departments()[0]
    assert with_rollup_forms(plain) is plain


def test_the_monthly_per_level_form_lists_each_unit_and_leaves_out_the_unused_huyen_level() -> None:
    first, *_, latest = catalogue.family("bao_cao_thang_cctthc").versions
    assert forms_for_kind(first) == [FORM_CAP]
    # from 01/7/2025 the kind has no huyện figures: its form has no huyện group at all
    assert [[c.label for c in f.columns] for f in forms_for_kind(latest)] == [["Cấp tỉnh", "Cấp xã"]]
    month = Period("thang", 2025, 8)
    base = replace(seed(MONTHLY_SEED), period=month)
    base = base.with_answers({**base.answers, "co_cap_huyen": False})
    figures = {"hs_tiep_nhan_tinh": 0, "hs_da_giai_quyet_tinh": 0, "hs_truoc_dung_han_tinh": 0}
    so = replace(base, unit=replace(PROVINCE, co_quan="SỞ TƯ PHÁP", ten="Sở Tư pháp", cap="so"))
    so = so.with_answers(
        {**so.answers, **{k: v + 40 for k, v in figures.items()}, "hs_dang_giai_quyet_tinh": 2}
    )
    for key in (
        "hs_tiep_nhan_huyen",
        "hs_da_giai_quyet_huyen",
        "hs_truoc_dung_han_huyen",
        "hs_dang_giai_quyet_huyen",
    ):
        so = so.with_answers({k: v for k, v in so.answers.items() if k != key})
    xa = replace(so, unit=replace(COMMUNE, co_quan="UBND XÃ AN BÌNH", ten="UBND xã An Bình"))
    xa_figures = {
        "hs_tiep_nhan_xa": 30,
        "hs_da_giai_quyet_xa": 28,
        "hs_truoc_dung_han_xa": 27,
        "hs_dang_giai_quyet_xa": 2,
    }
    # Each keeps the other level's figures (the seed's, typed before): a level the unit does not
    # report is hidden in its report, so neither summed nor shown in its row.
    xa = xa.with_answers({**xa.answers, **xa_figures})
    assert so.answers["hs_tiep_nhan_xa"] and xa.answers["hs_tiep_nhan_tinh"]
    report = rolled([so, xa], "bao_cao_thang_cctthc", month)
    form, rows = form_table(FORM_CAP, None, report)
    assert [c.label for c in form.columns] == ["Cấp tỉnh", "Cấp xã"]  # no huyện figures: no huyện columns
    assert column(form, rows, "tiep_nhan_tinh") == [
        ("I", "SỞ, BAN, NGÀNH VÀ CƠ QUAN CẤP TỈNH", None),
        ("1", "Sở Tư pháp", 40),
        ("", "Cộng", 40),
        ("II", "UBND XÃ, PHƯỜNG, ĐẶC KHU", None),
        ("1", "UBND xã An Bình", None),
        ("", "Cộng", None),
        ("", "Tổng cộng", 40),
    ]
    assert column(form, rows, "tiep_nhan_xa")[-1] == ("", "Tổng cộng", 30)
    full, _ = form_table(FORM_CAP, None, seed(MONTHLY_SEED))  # a 2024 report with huyện figures keeps them
    assert [c.label for c in full.columns] == ["Cấp tỉnh", "Cấp huyện", "Cấp xã"]


def test_a_level_left_out_of_the_columns_is_left_out_of_the_rows_too() -> None:
    """A 2024 month without huyện figures: its own row has the cells of the columns printed (the
    xã figures stood under the huyện columns' places, and the xã columns were blank)."""
    province = seed(MONTHLY_SEED)
    answers = {k: v for k, v in province.answers.items() if "huyen" not in k}
    report = province.with_answers({**answers, "co_cap_huyen": False, "phu_luc_theo_cap": True})
    (ticked,) = ticked_forms(report)
    form, rows = form_table(ticked, None, report)
    assert [c.label for c in form.columns] == ["Cấp tỉnh", "Cấp xã"]
    assert all(len(row.cells) == len(form.leaves()) for row in rows)
    assert column(form, rows, "tiep_nhan_xa") == [
        ("1", "UBND tỉnh Bắc Giang", 19454),
        ("", "Tổng cộng", 19454),
    ]


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_the_total_row_is_kept_with_the_row_before_it_and_a_groups_heading_with_its_first_unit() -> None:
    """Forms 05a and 06b of five units spilled only «Tổng cộng» onto a second page under the
    repeated headings: the row before it is kept with it (every paragraph «keep with next», as
    Word and LibreOffice keep table rows together), the row before a subtotal too, and a
    group's heading with its first unit."""
    communes = [
        replace(commune_quarter(1), unit=replace(COMMUNE, co_quan=f"UBND XÃ {n.upper()}", ten=f"UBND xã {n}"))
        for n in ("An Bình", "Mỹ Hòa")
    ]
    report = with_rollup_forms(rolled([*departments()[:3], *communes]))
    document = Document(io.BytesIO(render_report(report).data))
    forms = [t for t in document.tables if any(c.text == "Tổng cộng" for c in t.rows[-1].cells)]
    assert len(forms) == 2  # 05a and 06b
    for table in forms:
        body = [r for r in table.rows if r._tr.find(f"{W}trPr/{W}tblHeader") is None]
        kept = [
            all(p._p.find(f"{W}pPr/{W}keepNext") is not None for c in r.cells for p in c.paragraphs)
            for r in body
        ]
        labels = [r.cells[1].text for r in body]
        assert labels[0].isupper() and labels[-1] == "Tổng cộng" and len(labels) >= 7
        sums = ("Cộng", "Tổng cộng")  # a group's subtotal, the total: kept with the row before
        expected = [
            label.isupper() or after in sums for label, after in zip(labels, [*labels[1:], ""], strict=True)
        ]
        assert kept == expected, list(zip(labels, kept, strict=True))
