"""The new report dialog: kind, period, cut-off, what it is pre-filled from, the changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QListWidget

from desktop_app.document.context import document_date_line
from desktop_app.report import catalogue
from desktop_app.report.periods import Period
from desktop_app.storage import Store
from tests.rollup_data import COMMUNE, written_quarter
from tests.ui.shell_data import KSTTHC_SEED, PLAN_SEED, UNIT, add_report, add_unit, seed
from ui.new_report_dialog import BLANK_CHOICE, NO_PREVIOUS, NewReportDialog

TODAY = date(2024, 8, 20)  # inside quý III/2024 (15/6 – 14/9)


def make_dialog(qtbot: Any, store: Store, unit_id: int) -> NewReportDialog:
    dialog = NewReportDialog(store, unit_id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def text_of(dialog: NewReportDialog, name: str) -> str:
    label = dialog.findChild(QLabel, name)
    return label.text() if label.isVisible() else ""


def pick(dialog: NewReportDialog, kind: str, period: Period) -> None:
    kind_combo = dialog.findChild(QComboBox, "loai_van_ban")
    kind_combo.setCurrentIndex(kind_combo.findData(kind))
    dialog.period_picker.set_period(period)


def test_quarter_three_shows_cutoff_and_quarter_two(qtbot: Any, store: Store) -> None:
    unit_id = add_unit(store)
    add_report(store, unit_id, KSTTHC_SEED, Period("quy", 2024, 2))
    dialog = make_dialog(qtbot, store, unit_id)
    assert dialog.period_picker.period() == Period("quy", 2024, 3)  # today's period by default
    assert text_of(dialog, "cutoff") == "Số liệu từ ngày 15/6/2024 đến ngày 14/9/2024"
    assert text_of(dialog, "previous") == "Lấy số liệu từ: Quý II/2024 (bản nháp)"
    assert text_of(dialog, "nguon_cu") == ""  # the quarter just before: nothing to warn of
    assert text_of(dialog, "existing") == ""


def test_finished_previous_and_no_previous(qtbot: Any, store: Store) -> None:
    unit_id = add_unit(store)
    add_report(store, unit_id, KSTTHC_SEED, Period("quy", 2024, 1), "hoan_thanh")
    dialog = make_dialog(qtbot, store, unit_id)
    pick(dialog, "bao_cao_kstthc", Period("quy", 2024, 2))
    assert text_of(dialog, "cutoff") == "Số liệu từ ngày 15/3/2024 đến ngày 14/6/2024"
    assert text_of(dialog, "previous") == "Lấy số liệu từ: Quý I/2024 (đã hoàn thành)"
    pick(dialog, "bao_cao_kstthc", Period("quy", 2024, 1))
    assert text_of(dialog, "previous") == NO_PREVIOUS
    assert text_of(dialog, "existing").startswith("Lưu ý: đã có báo cáo Quý I/2024 cùng loại")


def test_a_year_lacking_quarters_names_them_and_starts_as_before(qtbot: Any, store: Store) -> None:
    unit_id = add_unit(store)
    for q in (3, 4):
        add_report(store, unit_id, KSTTHC_SEED, Period("quy", 2024, q))
    dialog = make_dialog(qtbot, store, unit_id)
    pick(dialog, "bao_cao_kstthc", Period("nam", 2024))
    assert text_of(dialog, "previous") == NO_PREVIOUS
    assert text_of(dialog, "existing") == (
        "Máy này có báo cáo Quý III/2024, Quý IV/2024 của đơn vị, nhưng thiếu quý I năm 2024, quý II "
        "năm 2024: chưa lập năm 2024 từ các kỳ ấy được, báo cáo bắt đầu như thường. Soạn xong kỳ còn "
        "thiếu rồi tạo lại thì số liệu được cộng sẵn."
    )
    pick(dialog, "bao_cao_kstthc", Period("nam", 2023))
    assert text_of(dialog, "existing") == ""


def test_a_custom_range_off_the_cutoff_days_is_not_sent_to_add_up_quarters(qtbot: Any, store: Store) -> None:
    """Seed 002's range, 01/01 – 20/11, cuts through quý I and quý IV: the roll-up refuses it
    («Các kỳ không ghép đủ…»), so the dialog does not offer the quarters; a range on the cut-off
    days (15/12/2025 – 14/9/2026) is made from them."""
    unit_id = add_unit(store)
    for q in (1, 2, 3):
        add_report(store, unit_id, KSTTHC_SEED, Period("quy", 2026, q))
    dialog = make_dialog(qtbot, store, unit_id)
    pick(dialog, "bao_cao_kstthc", Period("tuy_chon", 2026, None, date(2026, 1, 1), date(2026, 11, 20)))
    assert text_of(dialog, "existing") == (
        "Máy này có báo cáo Quý II/2026, Quý III/2026 của đơn vị, nhưng năm 2026 (từ ngày 01/01/2026 "
        "đến ngày 20/11/2026) không bắt đầu và kết thúc đúng ngày chốt số liệu của các kỳ ấy (Nghị "
        "định 09/2019/NĐ-CP): không cộng các kỳ ấy thành báo cáo này được, hãy nhập số liệu của cả "
        "khoảng ngày."
    )
    pick(dialog, "bao_cao_kstthc", Period("tuy_chon", 2025, None, date(2025, 12, 15), date(2026, 9, 14)))
    assert text_of(dialog, "previous").startswith("Lập từ quý I, quý II và quý III năm 2026 đã có")
    assert text_of(dialog, "existing") == ""


def test_only_the_kinds_period_types_are_offered(qtbot: Any, store: Store) -> None:
    dialog = make_dialog(qtbot, store, add_unit(store))
    types = dialog.findChild(QComboBox, "loai_ky")
    kind_combo = dialog.findChild(QComboBox, "loai_van_ban")
    kind_combo.setCurrentIndex(kind_combo.findData("bao_cao_thang_cctthc"))
    assert [types.itemText(i) for i in range(types.count())] == ["Tháng"]
    assert dialog.period_picker.period() == Period("thang", 2024, 8)  # cut off on 14/8: due now
    kind_combo.setCurrentIndex(kind_combo.findData("ke_hoach_kstthc"))
    assert dialog.period_picker.period() == Period("nam", 2024)  # a plan: the year under way
    assert text_of(dialog, "cutoff") == "Kế hoạch cho năm 2024"  # no data cut-off for a plan
    kind_combo.setCurrentIndex(kind_combo.findData("bao_cao_kstthc"))
    assert [types.itemText(i) for i in range(types.count())] == [
        "Quý",
        "6 tháng",
        "9 tháng",
        "Năm",
        "Tùy chọn",
    ]


def test_a_plan_drafted_in_december_is_next_years_made_from_this_years(qtbot: Any, store: Store) -> None:
    """On 7/12/2026 the dialog proposed the plan of 2026, long issued: Enter made a second, blank
    plan of 2026 beside it. Plans are drafted in November and December for the next year."""
    unit_id = add_unit(store)
    add_report(store, unit_id, PLAN_SEED, Period("nam", 2026), "hoan_thanh")
    dialog = NewReportDialog(store, unit_id, today=date(2026, 12, 7))
    qtbot.addWidget(dialog)
    dialog.show()
    kind_combo = dialog.findChild(QComboBox, "loai_van_ban")
    kind_combo.setCurrentIndex(kind_combo.findData("ke_hoach_kstthc"))
    assert dialog.period_picker.period() == Period("nam", 2027)
    assert text_of(dialog, "cutoff") == "Kế hoạch cho năm 2027"
    assert text_of(dialog, "previous") == "Lấy số liệu từ: Năm 2026 (đã hoàn thành)"
    assert text_of(dialog, "existing") == ""


def test_custom_range_from_after_to_blocks_creation(qtbot: Any, store: Store) -> None:
    dialog = make_dialog(qtbot, store, add_unit(store))
    types = dialog.findChild(QComboBox, "loai_ky")
    types.setCurrentIndex(types.findData("tuy_chon"))
    start, end = dialog.findChild(QDateEdit, "tu_ngay"), dialog.findChild(QDateEdit, "den_ngay")
    assert start.isVisible() and end.isVisible() and not dialog.findChild(QComboBox, "so_ky").isVisible()
    start.setDate(QDate(2023, 1, 1))
    end.setDate(QDate(2023, 11, 20))
    assert text_of(dialog, "cutoff") == "Số liệu từ ngày 01/01/2023 đến ngày 20/11/2023"
    assert dialog.ok_button.isEnabled()
    start.setDate(QDate(2023, 12, 1))
    assert text_of(dialog, "problem") == "Ngày bắt đầu 01/12/2023 sau ngày kết thúc 20/11/2023."
    assert not dialog.ok_button.isEnabled()


def test_create_prefills_stores_a_draft_and_lists_the_changes(qtbot: Any, store: Store) -> None:
    unit_id = add_unit(store)
    add_report(store, unit_id, KSTTHC_SEED, Period("quy", 2024, 2))
    add_report(store, unit_id, KSTTHC_SEED, Period("quy", 2023, 3))  # the same quarter last year
    dialog = make_dialog(qtbot, store, unit_id)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    report_id = dialog.created_report_id
    assert report_id is not None and dialog.isVisible()  # the changes are shown first
    changes = dialog.findChild(QListWidget, "changes")
    texts = [changes.item(i).text() for i in range(changes.count())]
    assert "Đã đổi «quý II năm 2024» thành «quý III năm 2024» ở «Trích yếu»" in texts
    assert dialog.ok_button.text() == "&Mở báo cáo"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == NewReportDialog.DialogCode.Accepted
    info = store.report_info(report_id)
    assert (info.period, info.status, info.unit_id) == (Period("quy", 2024, 3), "ban_nhap", unit_id)
    report = store.load_report(report_id)
    assert report.sources and set(report.sources.values()) <= {"carried", "default"}
    assert report.document.nguoi_ky.ho_ten == "Tăng Thị Thắm" and report.document.so == ""
    assert report.last_year["tthc_cong_bo"] == 9  # figures of quý III/2023 to compare with


def test_blank_report_takes_the_units_defaults(qtbot: Any, store: Store) -> None:
    unit_id = add_unit(store)
    dialog = make_dialog(qtbot, store, unit_id)
    dialog.accept()
    assert dialog.result() == NewReportDialog.DialogCode.Accepted  # nothing to show: opens at once
    report = store.load_report(dialog.created_report_id or 0)
    assert report.document.kinh_gui == ("Văn phòng UBND tỉnh Kiên Giang",)
    assert report.document.noi_nhan == ("Như trên", "Giám đốc Sở") and report.document.luu == "VT, VP"
    assert report.document.nguoi_ky.quyen_han == "KT."


def sources(dialog: NewReportDialog) -> list[str]:
    combo = dialog.findChild(QComboBox, "nguon_dien_san")
    return [combo.itemText(i) for i in range(combo.count())]


def choose_source(qtbot: Any, dialog: NewReportDialog, text: str) -> None:
    """Alt+S to the source box, then the arrow keys until ``text`` is chosen."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    combo = dialog.findChild(QComboBox, "nguon_dien_san")
    assert combo.hasFocus()
    while combo.currentText() != text:
        down = combo.currentIndex() < sources(dialog).index(text)
        qtbot.keyClick(combo, Qt.Key.Key_Down if down else Qt.Key.Key_Up)


def test_an_old_source_is_said_with_its_age_and_another_can_be_chosen(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    unit_id = add_unit(store)
    add_report(store, unit_id, KSTTHC_SEED, Period("quy", 2023, 2), "hoan_thanh")
    older = add_report(store, unit_id, KSTTHC_SEED, Period("quy", 2023, 1))
    report = store.load_report(older)
    store.save_report(older, replace(report, answers={**report.answers, "tthc_quan_ly": 77}))
    dialog = make_dialog(qtbot, store, unit_id)
    assert dialog.period_picker.period() == Period("quy", 2024, 3)
    assert text_of(dialog, "previous") == "Lấy số liệu từ: Quý II/2023 (đã hoàn thành)"
    assert text_of(dialog, "nguon_cu") == (
        "Nguồn điền sẵn là báo cáo quý II/2023, cách kỳ này 5 quý. Các số «từ kỳ trước chuyển qua» và "
        "phần chữ sẽ lấy từ báo cáo đó. Có thể chọn báo cáo khác, hoặc «Không điền sẵn», ở ô «Nguồn điền "
        "sẵn» (Alt+S)."
    )
    assert sources(dialog) == ["Quý II/2023 (đã hoàn thành)", "Quý I/2023 (bản nháp)", BLANK_CHOICE]

    choose_source(qtbot, dialog, "Quý I/2023 (bản nháp)")
    assert text_of(dialog, "previous") == "Lấy số liệu từ: Quý I/2023 (bản nháp)"
    assert "quý I/2023, cách kỳ này 6 quý" in text_of(dialog, "nguon_cu")
    pick(dialog, "bao_cao_kstthc", Period("quy", 2024, 2))  # another period: the choice stays
    assert dialog.findChild(QComboBox, "nguon_dien_san").currentText() == "Quý I/2023 (bản nháp)"
    pick(dialog, "bao_cao_kstthc", Period("quy", 2024, 3))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    created = store.load_report(dialog.created_report_id or 0)
    assert created.answers["tthc_quan_ly"] == 77 and created.sources["tthc_quan_ly"] == "carried"


def test_last_years_nine_months_are_said_with_their_age_the_quarter_before_is_just_before(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    """9 tháng 2025 ends on 14/9/2025, 9 tháng 2026 begins on 15/12/2025: its «từ kỳ trước
    chuyển qua» figures would be three months old, as `soanbaocao new` says too."""
    unit_id = add_unit(store)
    add_report(store, unit_id, KSTTHC_SEED, Period("9thang", 2025), "hoan_thanh")
    add_report(store, unit_id, KSTTHC_SEED, Period("quy", 2025, 4), "hoan_thanh")
    dialog = NewReportDialog(store, unit_id, today=date(2026, 9, 20))
    qtbot.addWidget(dialog)
    dialog.show()
    pick(dialog, "bao_cao_kstthc", Period("9thang", 2026))
    assert text_of(dialog, "previous") == "Lấy số liệu từ: 9 tháng 2025 (đã hoàn thành)"
    assert text_of(dialog, "nguon_cu").startswith(
        "Nguồn điền sẵn là báo cáo 9 tháng 2025, cách kỳ này 1 năm. Các số «từ kỳ trước chuyển qua»"
    )
    assert sources(dialog) == [
        "Quý IV/2025 (đã hoàn thành) — kỳ liền trước",
        "9 tháng 2025 (đã hoàn thành)",
        BLANK_CHOICE,
    ]
    choose_source(qtbot, dialog, "Quý IV/2025 (đã hoàn thành) — kỳ liền trước")
    assert text_of(dialog, "nguon_cu") == ""


def test_starting_empty_can_be_chosen_instead_of_an_old_source(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    unit_id = add_unit(store)
    add_report(store, unit_id, KSTTHC_SEED, Period("quy", 2023, 2), "hoan_thanh")
    dialog = make_dialog(qtbot, store, unit_id)
    assert "cách kỳ này 5 quý" in text_of(dialog, "nguon_cu")
    choose_source(qtbot, dialog, BLANK_CHOICE)
    assert text_of(dialog, "previous") == BLANK_CHOICE
    assert text_of(dialog, "nguon_cu") == ""
    qtbot.keyClick(dialog.findChild(QComboBox, "nguon_dien_san"), Qt.Key.Key_Return)
    created = store.load_report(dialog.created_report_id or 0)
    assert "carried" not in created.sources.values() and created.previous == {}
    assert created.period == Period("quy", 2024, 3)


def test_a_source_of_old_units_is_said_with_its_age_too(qtbot: Any, store: Store) -> None:
    old_unit = add_unit(store)
    add_report(store, old_unit, KSTTHC_SEED, Period("quy", 2024, 1), "hoan_thanh")
    new_unit = store.add_unit(replace(UNIT, ten="Sở Ngoại vụ mới"))
    store.set_successors(new_unit, [old_unit])
    dialog = make_dialog(qtbot, store, new_unit)
    assert "của đơn vị cũ" in sources(dialog)[0]
    assert text_of(dialog, "nguon_cu").startswith(
        "Nguồn điền sẵn là báo cáo quý I/2024 của đơn vị cũ, cách kỳ này 2 quý."
    )


def test_a_district_recipient_gives_way_to_the_units_own_list_after_the_reform(
    qtbot: Any, store: Store
) -> None:
    unit_id = add_unit(store)  # its lists in Cài đặt name no district body
    source = replace(seed(KSTTHC_SEED), period=Period("quy", 2025, 2))
    old_lists = replace(
        source.document,
        kinh_gui=("UBND tỉnh Kiên Giang",),
        noi_nhan=("Như trên", "UBND huyện Châu Thành (báo cáo)"),
        luu="VT",
    )
    store.create_report(unit_id, replace(source, document=old_lists), "hoan_thanh")
    dialog = make_dialog(qtbot, store, unit_id)
    pick(dialog, "bao_cao_kstthc", Period("quy", 2025, 3))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    created = store.load_report(dialog.created_report_id or 0)
    assert created.document.noi_nhan == ("Như trên", "Giám đốc Sở") and created.document.luu == "VT, VP"
    assert created.document.kinh_gui == ("UBND tỉnh Kiên Giang",)  # names no huyện: carried
    changes = dialog.findChild(QListWidget, "changes")
    texts = [changes.item(i).text() for i in range(changes.count())]
    assert (
        "Lưu ý: «Nơi nhận» của kỳ trước có «UBND huyện Châu Thành (báo cáo)», nhưng cấp huyện không còn "
        "từ ngày 01/7/2025: đã lấy «Nơi nhận» của đơn vị (Cài đặt)." in texts
    )


def test_a_merged_communes_first_report_says_whose_texts_were_left_out(qtbot: Any, store: Store) -> None:
    """A phường from two xã: figures are added up, texts taken from the first; the second's own
    text is named on the page the official reads before the report opens."""
    source = replace(seed(KSTTHC_SEED), period=Period("quy", 2025, 2))
    olds = []
    for name in ("Phú An", "Phú Bình"):
        unit = replace(UNIT, co_quan=f"UBND XÃ {name.upper()}", ten=f"UBND xã {name}", cap="xa")
        old = store.add_unit(unit)
        answers = {**source.answers, "danh_gia_chung_nd": f"Công tác của xã {name} ổn định."}
        store.create_report(old, replace(source, unit=unit, answers=answers), "hoan_thanh")
        olds.append(old)
    phuong = store.add_unit(replace(UNIT, co_quan="UBND PHƯỜNG TÂN PHÚ", ten="UBND phường Tân Phú", cap="xa"))
    store.set_successors(phuong, olds)
    dialog = make_dialog(qtbot, store, phuong)
    pick(dialog, "bao_cao_kstthc", Period("quy", 2025, 3))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    changes = dialog.findChild(QListWidget, "changes")
    texts = [changes.item(i).text() for i in range(changes.count())]
    assert [t for t in texts if "«UBND xã Phú Bình»" in t] == [
        "Lưu ý: Phần viết của «UBND xã Phú Bình» ở các mục «Đánh giá chung» không được đưa vào báo cáo "
        "mới (mỗi mục lấy phần chữ của một đơn vị cũ, «UBND xã Phú An» trước): hãy viết lại các mục ấy "
        "cho cả đơn vị mới."
    ]


def test_a_successor_lists_only_the_changes_its_report_holds(qtbot: Any, store: Store) -> None:
    old_unit = add_unit(store)
    add_report(store, old_unit, KSTTHC_SEED, Period("quy", 2024, 2), "hoan_thanh")
    new_unit = store.add_unit(replace(UNIT, ten="Sở Ngoại vụ mới"))
    store.add_recipient_list(new_unit, "noi_nhan", ["Như trên", "Văn phòng UBND tỉnh"], "VT")
    store.set_successors(new_unit, [old_unit])
    dialog = make_dialog(qtbot, store, new_unit)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    created = store.load_report(dialog.created_report_id or 0)
    assert created.document.trich_yeu == "" and created.document.noi_nhan == (
        "Như trên",
        "Văn phòng UBND tỉnh",
    )
    changes = dialog.findChild(QListWidget, "changes")
    texts = [changes.item(i).text() for i in range(changes.count())]
    assert texts and not [t for t in texts if "«Trích yếu»" in t]  # the old unit's, not in this report
    written = " ".join(v for v in created.answers.values() if isinstance(v, str))
    assert all(t.split(" thành «")[1].split("»")[0] in written for t in texts)  # each is in the report


def commune_with_quarters(store: Store, numbers: tuple[int, ...]) -> int:
    unit_id = store.add_unit(COMMUNE)
    for number in numbers:
        store.create_report(unit_id, written_quarter(number), "hoan_thanh" if number == 1 else "ban_nhap")
    return unit_id


def six_months_by_keys(qtbot: Any, store: Store, unit_id: int) -> NewReportDialog:
    """Open the dialog on 20/6/2026 and pick «6 tháng» with Alt+K and the arrow key."""
    dialog = NewReportDialog(store, unit_id, today=date(2026, 6, 20))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    types = dialog.findChild(QComboBox, "loai_ky")
    assert types.hasFocus()
    qtbot.keyClick(types, Qt.Key.Key_Down)
    assert dialog.period_picker.period() == Period("6thang", 2026, 1)
    return dialog


def test_six_months_are_made_from_the_two_quarters_written_in_the_app(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    """The official wrote quý I and quý II/2026 here; «6 tháng đầu năm 2026» started blank (no
    earlier 6-month report) though its figures are the two quarters' added up."""
    unit_id = commune_with_quarters(store, (1, 2))
    dialog = six_months_by_keys(qtbot, store, unit_id)
    assert text_of(dialog, "previous") == (
        "Lập từ quý I và quý II năm 2026 đã có: số liệu cộng các kỳ, phần chữ lấy từ báo cáo quý II năm 2026"
    )
    assert text_of(dialog, "existing") == "" and text_of(dialog, "nguon_cu") == ""
    assert sources(dialog) == ["Quý I/2026 + Quý II/2026 (cộng số liệu)", BLANK_CHOICE]
    create_by_keys(qtbot, dialog)
    assert dialog.isVisible()  # what was done, read first
    assert (
        dialog.findChild(QLabel, "result")
        .text()
        .startswith("Đã tạo báo cáo 6 tháng đầu năm 2026 (bản nháp) từ các kỳ đã có, số liệu cộng sẵn.")
    )
    changes = dialog.findChild(QListWidget, "changes")
    texts = [changes.item(i).text() for i in range(changes.count())]
    assert any(t.startswith("Lưu ý: Lập từ các báo cáo quý I và quý II năm 2026 đã có") for t in texts)
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
    assert dialog.result() == NewReportDialog.DialogCode.Accepted
    created = store.load_report(dialog.created_report_id)
    figures = ("hs_moi_truc_tuyen", "hs_moi_truc_tiep", "hs_ky_truoc", "hs_dang_trong_han", "hs_dang_qua_han")
    assert [created.answers[f] for f in figures] == [70, 130, 10, 9, 1]
    assert created.answers["nhiem_vu"] == "Phương hướng 6 tháng cuối năm 2026: tiếp tục rà soát TTHC."
    assert (
        created.period == Period("6thang", 2026, 1)
        and store.report_info(created_id(dialog)).status == "ban_nhap"
    )


def create_by_keys(qtbot: Any, dialog: NewReportDialog) -> None:
    """Alt+T, «Tạo báo cáo» (a button's Alt key clicks it a moment later, as it shows the press)."""
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.created_report_id is not None)


def created_id(dialog: NewReportDialog) -> int:
    assert dialog.created_report_id is not None
    return dialog.created_report_id


def test_a_missing_quarter_is_named_and_the_six_months_start_as_before(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    unit_id = commune_with_quarters(store, (1,))
    dialog = six_months_by_keys(qtbot, store, unit_id)
    assert text_of(dialog, "previous") == NO_PREVIOUS
    assert text_of(dialog, "existing") == (
        "Máy này có báo cáo Quý I/2026 của đơn vị, nhưng thiếu quý II năm 2026: chưa lập 6 tháng đầu "
        "năm 2026 từ các kỳ ấy được, báo cáo bắt đầu như thường. Soạn xong kỳ còn thiếu rồi tạo lại thì "
        "số liệu được cộng sẵn."
    )
    create_by_keys(qtbot, dialog)
    created = store.load_report(created_id(dialog))
    assert "hs_moi_truc_tuyen" not in created.answers and created.previous == {}


def test_last_years_six_months_give_the_words_the_quarters_the_figures(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    """With a 6-month report of 2025 too, the figures are still the quarters' (its «đang giải
    quyết» of 14/6/2025 is not what 2026 carried in); its words, written for six months, are
    taken as «Báo cáo mới» takes them; choosing it in «Nguồn điền sẵn» gives today's prefill."""
    unit_id = commune_with_quarters(store, (1, 2))
    before = replace(written_quarter(2, 2025), period=Period("6thang", 2025, 1))
    before = before.with_answers(
        {**before.answers, "nhiem_vu": "Phương hướng 6 tháng cuối năm 2025: sơ kết."}
    )
    store.create_report(unit_id, before, "hoan_thanh")
    dialog = six_months_by_keys(qtbot, store, unit_id)
    assert text_of(dialog, "previous").endswith("phần chữ lấy từ báo cáo 6 tháng đầu năm 2025")
    assert text_of(dialog, "nguon_cu").startswith(
        "Phần chữ lấy từ báo cáo 6 tháng đầu năm 2025, cách kỳ này 2 kỳ 6 tháng: hãy đọc lại."
    )
    create_by_keys(qtbot, dialog)
    created = store.load_report(created_id(dialog))
    assert (created.answers["hs_moi_truc_tuyen"], created.answers["hs_ky_truoc"]) == (70, 10)
    assert created.answers["nhiem_vu"] == "Phương hướng 6 tháng cuối năm 2026: sơ kết."
    assert created.previous["hs_moi_truc_tuyen"] == 40  # «so với kỳ trước»: that report's

    again = six_months_by_keys(qtbot, store, unit_id)
    choose_source(qtbot, again, "6 tháng đầu năm 2025 (đã hoàn thành)")
    assert text_of(again, "previous") == "Lấy số liệu từ: 6 tháng đầu năm 2025 (đã hoàn thành)"
    create_by_keys(qtbot, again)
    assert "hs_moi_truc_tuyen" not in store.load_report(created_id(again)).answers  # a flow: reset


@pytest.mark.parametrize(
    ("today", "kind", "stored", "made", "dated", "line"),
    [
        # Made after the year turned: signed this January, not in last year's December.
        (date(2027, 1, 2), "ke_hoach_kstthc", PLAN_SEED, Period("nam", 2027), (2027, 1), "tháng 01 năm 2027"),
        (
            date(2027, 1, 2),
            "bao_cao_kstthc",
            KSTTHC_SEED,
            Period("quy", 2026, 4),
            (2027, 1),
            "tháng 01 năm 2027",
        ),
        # Made in December: the date stays the clerk's, in the year the app proposes.
        (date(2026, 12, 20), "ke_hoach_kstthc", PLAN_SEED, Period("nam", 2027), None, "ngày tháng năm 2026"),
    ],
)
def test_a_document_made_after_the_year_turned_is_not_dated_last_year(
    qtbot: Any,
    store: Store,
    vietnamese: object,
    today: date,
    kind: str,
    stored: str,
    made: Period,
    dated: tuple[int, int] | None,
    line: str,
) -> None:
    """On 02/01/2027 the dialog's own proposals, the plan of 2027 and quý IV/2026, were made with
    their date left to the clerk, and the document printed «ngày … tháng … năm 2026»: the year of
    the first working day after the cut-off (15/12/2026), gone by when they are signed."""
    unit_id = add_unit(store)
    earlier = Period("nam", 2026) if kind == "ke_hoach_kstthc" else Period("quy", 2026, 3)
    add_report(store, unit_id, stored, earlier, "hoan_thanh")
    dialog = NewReportDialog(store, unit_id, today=today)
    qtbot.addWidget(dialog)
    dialog.show()
    kind_combo = dialog.findChild(QComboBox, "loai_van_ban")
    kind_combo.setCurrentIndex(kind_combo.findData(kind))
    assert dialog.period_picker.period() == made  # the dialog's default on that day
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
    report = store.load_report(dialog.created_report_id)
    assert report.document.ngay == dated
    printed = document_date_line(report, catalogue.kind_of(report), "Kiên Giang")
    assert " ".join(printed.split()).endswith(line)  # the blanks are no-break spaces
