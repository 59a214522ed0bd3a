"""The new report dialog: kind and period, the data cut-off, and what it is pre-filled from.

On "Tạo báo cáo" the report is built by :func:`desktop_app.report.prefill.new_report` from the
previous period's report found by :meth:`Store.find_previous` and stored as a draft. When
the prefill rewrote carried text (period words, deadlines) or has notes, the dialog then
shows that list itself, before the report opens: the official reads it once, here.
The caller opens :attr:`NewReportDialog.created_report_id` after the dialog closes as Accepted.

A 6-month, 9-month or year report whose shorter periods the unit has written here (its quarters,
every one of them) is made from them instead (:func:`desktop_app.report.prefill_parts.from_parts`:
their figures added up, the words of the report of the same type before, else of the last
quarter): «Lập từ quý I và quý II năm 2026 đã có». The source box offers the old way too. When a
quarter is missing, the dialog names it and the report starts as before.

The kinds offered are the built-in ones and the IT officer's own («riêng»). The version of the
kind in force for the period (judged by the end of its cut-off) is shown with its notice; a unit
whose level that version is not written for (a huyện after 30/6/2025) cannot create it, and the
dialog says which unit to use instead. A prefill across a version boundary lists the fields
that no longer exist among the notes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QListWidget,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.report import catalogue
from desktop_app.report.answers import DocumentInfo, Report
from desktop_app.report.content.reform import recipients_now
from desktop_app.report.kinds import Kind, KindError
from desktop_app.report.law import load_law
from desktop_app.report.periods import (
    Period,
    PeriodError,
    distance_words,
    follows,
    period_containing,
)
from desktop_app.report.prefill import (
    Change,
    PrefillError,
    PrefillResult,
    check_unit,
    dated_after_year_turn,
    fill_blanks,
    merge_predecessors,
    new_report,
    predecessor_texts_left_out,
)
from desktop_app.report.prefill_parts import from_parts, parts_problem, parts_words
from desktop_app.storage import STATUS_LABELS, ReportInfo, StorageError, Store
from desktop_app.vnformat import format_short_date
from ui.form_bits import ERROR_STYLE, show_message
from ui.period_picker import PeriodPicker
from ui.resources import fit_to_screen, guard_wheel, window_title

NO_PREVIOUS = "Không có báo cáo kỳ trước: bắt đầu trống"
BLANK_CHOICE = "Không điền sẵn: bắt đầu trống"
AUTO, BLANK, PARTS = "auto", "blank", "parts"  # the source combo's data besides report ids (never None)
WARNING_STYLE = "QLabel { color: #8a5300; }"
MAX_SOURCES = 24  # earlier reports offered as the source: six years of quarters
# Changes may also touch the document part, which has no field in the kind file.
DOCUMENT_LABELS = {"trich_yeu": "Trích yếu", "kinh_gui": "Kính gửi", "noi_nhan": "Nơi nhận", "luu": "Lưu"}


@dataclass(frozen=True)
class PreviousReport:
    """What a new report will be pre-filled from: one own report, or the predecessors' sum."""

    reports: list[Report]
    info: ReportInfo | None  # the unit's own report, when it is one
    parts: tuple[Report, ...] = ()  # the unit's reports of the periods that tile the new one: its figures

    @property
    def report(self) -> Report | None:
        if not self.reports:
            return None
        return self.reports[0] if len(self.reports) == 1 else merge_predecessors(self.reports)

    def age_notice(self, period: Period) -> str:
        """Say how old the source is when it is not the period just before ``period`` ("" when it is)."""
        if not self.reports or follows(self.reports[0].period, period):
            return ""
        if self.parts:  # the figures are the parts': only the words come from that report
            label = self.reports[0].period.short_label()
            return (
                f"Phần chữ lấy từ báo cáo {label[:1].lower() + label[1:]}, cách kỳ này "
                f"{distance_words(self.reports[0].period, period)}: hãy đọc lại. Có thể chọn nguồn khác "
                "ở ô «Nguồn điền sẵn» (Alt+S)."
            )
        source = self.reports[0].period
        label = source.short_label()
        whose = "" if self.info is not None else " của đơn vị cũ"
        return (
            f"Nguồn điền sẵn là báo cáo {label[:1].lower() + label[1:]}{whose}, cách kỳ này "
            f"{distance_words(source, period)}. Các số «từ kỳ trước chuyển qua» và phần chữ sẽ lấy từ "
            "báo cáo đó. Có thể chọn báo cáo khác, hoặc «Không điền sẵn», ở ô «Nguồn điền sẵn» (Alt+S)."
        )

    def describe(self) -> str:
        """Say it the way the dialog shows it: "Lấy số liệu từ: Quý I/2024 (bản nháp)"."""
        if self.parts:
            donor = (self.reports or [self.parts[-1]])[0].period.words()
            made = parts_words([p.period for p in self.parts])
            return f"Lập từ {made} đã có: số liệu cộng các kỳ, phần chữ lấy từ báo cáo {donor}"
        if not self.reports:
            return NO_PREVIOUS
        label = self.reports[0].period.short_label()
        if self.info is not None:
            return f"Lấy số liệu từ: {label} ({STATUS_LABELS[self.info.status].lower()})"
        if len(self.reports) == 1:
            return f"Lấy số liệu từ: {label} của đơn vị cũ «{self.reports[0].unit.ten_goi}»"
        return f"Lấy số liệu từ: {label} của {len(self.reports)} đơn vị cũ (cộng các số liệu lại)"


def find_parts(store: Store, unit_id: int, kind: str, period: Period) -> tuple[list[Report], str]:
    """Return the unit's reports of the shorter periods that tile ``period`` (its quarters, for
    its six months), and "" ; or no reports and why they cannot make it ("" when there are none)."""
    inner = store.own_period_infos(unit_id, kind, period)
    if not inner:
        return [], ""
    labels = ", ".join(info.label for info in inner[:6]) + ("…" if len(inner) > 6 else "")
    if not _edges_fit(period, inner):
        return [], (
            f"Máy này có báo cáo {labels} của đơn vị, nhưng {period.words()} không bắt đầu và kết "
            "thúc đúng ngày chốt số liệu của các kỳ ấy (Nghị định 09/2019/NĐ-CP): không cộng các kỳ "
            "ấy thành báo cáo này được, hãy nhập số liệu của cả khoảng ngày."
        )
    parts = [store.load_report(info.id) for info in inner]
    problem = parts_problem(period, parts)
    if problem:
        lacking = problem.partition(": ")[2].rstrip(".")
        return [], (
            f"Máy này có báo cáo {labels} của đơn vị, nhưng {lacking}: chưa lập {period.words()} từ "
            "các kỳ ấy được, báo cáo bắt đầu như thường. Soạn xong kỳ còn thiếu rồi tạo lại thì số "
            "liệu được cộng sẵn."
        )
    return parts, ""


def _edges_fit(period: Period, inner: list[ReportInfo]) -> bool:
    """True when a custom range begins and ends on the cut-off days of the shorter periods'
    type (15/12/2025 – 14/9/2026 can be made of quarters, 01/01 – 20/11/2026 never can);
    the other periods always do."""
    first = inner[0].period
    if period.type != "tuy_chon" or first is None:
        return True
    start, end = period.cutoff()
    try:
        ends_on_edge = period_containing(first.type, end).cutoff()[1] == end
    except PeriodError:  # no period after 2100
        return False
    return ends_on_edge and period_containing(first.type, start).cutoff()[0] == start


def same_period(store: Store, unit_id: int, kind: str, period: Period) -> list[ReportInfo]:
    """Return the unit's reports of ``kind`` for exactly ``period``, finished first, newest first."""
    infos = store.list_reports(unit_ids=[unit_id], kind=kind, period_type=period.type)
    found = [i for i in infos if i.period == period]
    return sorted(found, key=ReportInfo.preference, reverse=True)


def find_previous(store: Store, unit_id: int, kind: str, period: Period) -> PreviousReport:
    """Return what :meth:`Store.find_previous` picks, with the row of the unit's own report."""
    reports = store.find_previous(unit_id, kind, period)
    own = same_period(store, unit_id, kind, reports[0].period) if len(reports) == 1 else []
    return PreviousReport(reports, own[0] if own else None)


def earlier_reports(store: Store, unit_id: int, kind: str, period: Period) -> list[ReportInfo]:
    """Return the unit's reports of ``kind`` ending before ``period`` begins, the latest first."""
    start = period.cutoff()[0]
    dated = [(i.period, i) for i in store.list_reports(unit_ids=[unit_id], kind=kind) if i.period is not None]
    earlier = [(p, i) for p, i in dated if p.cutoff()[1] < start]  # a damaged report has no period
    earlier.sort(key=lambda pi: (pi[0].key(), pi[1].status == "hoan_thanh", pi[1].updated), reverse=True)
    return [i for _, i in earlier]


def document_defaults(store: Store, unit_id: int) -> DocumentInfo:
    """Return the document part a blank report of the unit starts with (its usual lists, signer)."""
    kinh_gui = store.recipient_lists(unit_id, "kinh_gui")
    noi_nhan = store.recipient_lists(unit_id, "noi_nhan")
    signers = store.signers(unit_id)
    return DocumentInfo(
        kinh_gui=kinh_gui[0].lines if kinh_gui else (),
        noi_nhan=noi_nhan[0].lines if noi_nhan else (),
        luu=(noi_nhan[0].luu if noi_nhan else "") or "VT",
        nguoi_ky=signers[0].signer if signers else DocumentInfo().nguoi_ky,
    )


def change_text(kind: Kind, change: Change) -> str:
    """Return "Đã đổi «quý II năm 2024» thành «quý III năm 2024» ở «Kết quả…», đoạn 2"."""
    if kind.has_field(change.field):
        label = kind.field(change.field).label
    else:
        label = DOCUMENT_LABELS.get(change.field, change.field)
    where = f", {change.where}" if change.where else ""
    return f"Đã đổi «{change.before}» thành «{change.after}» ở «{label}»{where}"


def version_text(kind: Kind) -> str:
    """Say which version of the outline a new report follows, and its notice."""
    since = f", áp dụng từ {format_short_date(kind.valid_from)}" if kind.valid_from else ""
    text = f"Mẫu: phiên bản {kind.version}{since}."
    return f"{text} {kind.notice}" if kind.notice else text


class NewReportDialog(QDialog):
    """Pick the kind and period of a new report, then create it pre-filled."""

    def __init__(
        self,
        store: Store,
        unit_id: int | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today or date.today()
        self.created_report_id: int | None = None
        self.change_texts: list[str] = []
        self.period_label_text = ""
        self.auto_source = PreviousReport([], None)  # what the store proposes for the period picked
        self.chosen_source = ""  # the official's own choice in the source combo ("" none)
        self.parts: list[Report] = []  # the unit's reports of the periods that tile the one picked
        self.parts_text = ""  # why they do not, when some are missing
        self.made_from_parts = False
        self.setObjectName("new_report_dialog")
        self.setWindowTitle(window_title("Báo cáo mới"))
        self._build(today)
        self._fill_units(unit_id)
        self._fill_kinds()
        self.refresh()

    # ------------------------------------------------------------ building
    def _build(self, today: date | None) -> None:
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._form_page(today))
        self.pages.addWidget(self._result_page())
        layout.addWidget(self.pages, 1)
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Tạo báo cáo")
        self.cancel_button = self.button_box.button(QDialogButtonBox.StandardButton.Cancel)
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        layout.addWidget(self.button_box)
        fit_to_screen(self, 620, 400)
        guard_wheel(self)

    def _form_page(self, today: date | None) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.period_picker = PeriodPicker(today=today)
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("don_vi")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("loai_van_ban")
        self.unit_label = QLabel("Đơn &vị:")
        self.unit_label.setBuddy(self.unit_combo)
        kind_label = QLabel("&Loại văn bản:")
        kind_label.setBuddy(self.kind_combo)
        # In the picker's own form, so that every label lines up.
        self.period_picker.form.insertRow(0, self.unit_label, self.unit_combo)
        self.period_picker.form.insertRow(1, kind_label, self.kind_combo)
        self.source_combo = QComboBox()
        self.source_combo.setObjectName("nguon_dien_san")
        self.source_combo.setToolTip("Báo cáo mà báo cáo mới lấy số liệu và phần chữ điền sẵn")
        source_label = QLabel("Nguồn điền &sẵn:")
        source_label.setBuddy(self.source_combo)
        self.period_picker.form.addRow(source_label, self.source_combo)
        self.source_combo.activated.connect(self._source_chosen)
        box.addWidget(self.period_picker)
        box.addWidget(self._info_panel())
        box.addStretch(1)
        self.unit_combo.currentIndexChanged.connect(self.refresh)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.period_picker.sig_period_changed.connect(self.refresh)
        return page

    def _info_panel(self) -> QFrame:
        panel = QFrame()
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(panel)
        self.cutoff_label = self._info_label("cutoff")
        self.cutoff_label.setStyleSheet("QLabel { font-weight: bold; }")
        self.previous_label = self._info_label("previous")
        self.age_label = self._info_label("nguon_cu")
        self.age_label.setStyleSheet(WARNING_STYLE)
        self.existing_label = self._info_label("existing")
        self.existing_label.setStyleSheet(WARNING_STYLE)
        self.version_label = self._info_label("version")
        self.problem_label = self._info_label("problem")
        self.problem_label.setStyleSheet(ERROR_STYLE)
        labels = (
            self.cutoff_label,
            self.version_label,
            self.previous_label,
            self.age_label,
            self.existing_label,
        )
        for label in (*labels, self.problem_label):
            layout.addWidget(label)
        return panel

    def _result_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.result_label = QLabel()
        self.result_label.setObjectName("result")
        self.result_label.setWordWrap(True)
        self.changes_list = QListWidget()
        self.changes_list.setObjectName("changes")
        self.changes_list.setWordWrap(True)
        box.addWidget(self.result_label)
        box.addWidget(self.changes_list, 1)
        return page

    def _info_labels(self) -> tuple[QLabel, ...]:
        """The labels that say what the new report will be (cleared when it cannot be made)."""
        return (
            self.cutoff_label,
            self.version_label,
            self.previous_label,
            self.age_label,
            self.existing_label,
        )

    @staticmethod
    def _info_label(object_name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(object_name)
        label.setWordWrap(True)
        return label

    def _fill_units(self, unit_id: int | None) -> None:
        for unit in self.store.units():
            self.unit_combo.addItem(unit.unit.ten_goi, unit.id)
        if unit_id is not None:
            self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(unit_id)))
        self.period_picker.form.setRowVisible(self.unit_combo, self.unit_combo.count() > 1)

    def _fill_kinds(self) -> None:
        self.kind_combo.blockSignals(True)
        for fam in catalogue.families():
            self.kind_combo.addItem(fam.title + (" (riêng)" if fam.is_own else ""), fam.id)
        self.kind_combo.blockSignals(False)
        self._kind_changed()

    # ------------------------------------------------------------ reading
    def unit_id(self) -> int | None:
        data = self.unit_combo.currentData()
        return int(data) if data is not None else None

    def kind_id(self) -> str:
        return str(self.kind_combo.currentData())

    def _kind_changed(self) -> None:
        fam = catalogue.family(self.kind_id())
        self.period_picker.set_types(fam.period_types, ahead=fam.latest.plans_ahead)

    def _version(self, unit_id: int, period: Period) -> tuple[Kind | None, str]:
        """The kind's version for ``period`` and, when this unit cannot use it, why."""
        try:
            kind = catalogue.in_force(self.kind_id(), period)
            check_unit(kind, self.store.get_unit(unit_id).unit)
        except (KindError, PrefillError, StorageError) as exc:
            return None, str(exc)
        return kind, ""

    def refresh(self) -> None:
        """Show the cut-off, the previous report and any problem of what is picked."""
        problems = self.period_picker.problems()
        unit_id = self.unit_id()
        if unit_id is None:
            problems.append("Chưa có đơn vị nào: hãy nhập thông tin cơ quan trong Cài đặt.")
        kind = None
        if not problems and unit_id is not None:
            kind, problem = self._version(unit_id, self.period_picker.period())
            problems += [problem] if problem else []
        show_message(self.problem_label, "\n".join(problems))
        self.ok_button.setEnabled(not problems)
        if problems or unit_id is None or kind is None:
            for label in (
                self.cutoff_label,
                self.version_label,
                self.previous_label,
                self.age_label,
                self.existing_label,
            ):
                show_message(label, "")
            return
        period = self.period_picker.period()
        start, end = period.cutoff()
        show_message(self.version_label, version_text(kind))
        if kind.plans_ahead:  # a plan has no data cut-off: it says what to do
            cutoff = f"Kế hoạch cho {period.words()}"
        else:
            cutoff = f"Số liệu từ ngày {format_short_date(start)} đến ngày {format_short_date(end)}"
        show_message(self.cutoff_label, cutoff)
        self._fill_sources(unit_id, period)
        self._show_source(period)
        show_message(self.existing_label, self._existing_text(unit_id, period))

    # ------------------------------------------------------------ the source
    def _fill_sources(self, unit_id: int, period: Period) -> None:
        """Offer the unit's reports of the periods inside ``period`` added up (first, when they
        tile it), the store's choice, the unit's other earlier reports, and starting empty."""
        self.auto_source = find_previous(self.store, unit_id, self.kind_id(), period)
        self.parts, self.parts_text = find_parts(self.store, unit_id, self.kind_id(), period)
        auto = self.auto_source
        combo = self.source_combo
        combo.blockSignals(True)
        combo.clear()
        if self.parts:
            labels = " + ".join(p.period.short_label() for p in self.parts)
            combo.addItem(f"{labels} (cộng số liệu)", PARTS)
        if auto.reports and auto.info is None:  # summed from the reports of old units
            combo.addItem(auto.describe().removeprefix("Lấy số liệu từ: "), AUTO)
        for info in earlier_reports(self.store, unit_id, self.kind_id(), period)[:MAX_SOURCES]:
            just_before = " — kỳ liền trước" if info.period and follows(info.period, period) else ""
            status = STATUS_LABELS[info.status].lower()
            combo.addItem(f"{info.label} ({status}){just_before}", str(info.id))
        combo.addItem(BLANK_CHOICE, BLANK)
        wanted = self.chosen_source or (
            PARTS if self.parts else str(auto.info.id) if auto.info is not None else AUTO
        )
        index = combo.findData(wanted)
        combo.setCurrentIndex(
            index if index >= 0 else max(0, combo.findData(AUTO if auto.reports else BLANK))
        )
        combo.setEnabled(combo.count() > 1)
        combo.blockSignals(False)

    def _source_chosen(self, index: int) -> None:
        self.chosen_source = str(self.source_combo.itemData(index))
        self._show_source(self.period_picker.period())

    def source(self) -> PreviousReport:
        """Return what the new report will be pre-filled from, as chosen."""
        data = str(self.source_combo.currentData() or AUTO)
        if data == AUTO:
            return self.auto_source
        if data == BLANK:
            return PreviousReport([], None)
        if data == PARTS:  # the words from the report of the same type before, when it is the unit's
            own = self.auto_source if self.auto_source.info is not None else PreviousReport([], None)
            return replace(own, parts=tuple(self.parts))
        report_id = int(data)
        if self.auto_source.info is not None and self.auto_source.info.id == report_id:
            return self.auto_source
        return PreviousReport([self.store.load_report(report_id)], self.store.report_info(report_id))

    def _show_source(self, period: Period) -> None:
        source = self.source()
        blank_chosen = not source.reports and not source.parts and self.source_combo.count() > 1
        show_message(self.previous_label, BLANK_CHOICE if blank_chosen else source.describe())
        show_message(self.age_label, source.age_notice(period))

    def _existing_text(self, unit_id: int, period: Period) -> str:
        existing = same_period(self.store, unit_id, self.kind_id(), period)
        if not existing:
            return self.parts_text
        status = STATUS_LABELS[existing[0].status].lower()
        return (
            f"Lưu ý: đã có báo cáo {period.short_label()} cùng loại ({status}); "
            "tạo nữa sẽ có thêm một bản. Để sửa bản cũ, hãy mở nó từ danh sách."
        )

    # ------------------------------------------------------------ creating
    def accept(self) -> None:  # Qt override
        if self.created_report_id is not None:
            super().accept()
            return
        try:
            self.create_report()
        except (PrefillError, PeriodError, StorageError) as exc:
            show_message(self.problem_label, str(exc))
            return
        if self.change_texts:
            self._show_result()
        else:
            super().accept()

    def reject(self) -> None:  # Qt override
        if self.created_report_id is not None:
            self.accept()  # the report exists: closing opens it rather than hiding it
        else:
            super().reject()

    def create_report(self) -> int:
        """Build the pre-filled report, store it as a draft and return its id."""
        unit_id = self.unit_id()
        if unit_id is None:
            raise StorageError("Chưa có đơn vị nào: hãy nhập thông tin cơ quan trong Cài đặt.")
        period = self.period_picker.period()
        previous = self.source()
        defaults = document_defaults(self.store, unit_id)
        last_year = self.store.find_previous(unit_id, self.kind_id(), period, same_period_last_year=True)
        result = self._prefilled(
            period, previous, defaults, merge_predecessors(last_year) if last_year else None
        )
        report = result.report
        changes = result.changes
        if previous.reports and previous.info is None:
            # Pre-filled from old units: the document part is this unit's, not theirs, and what
            # moved in theirs (the trích yếu's period) is not in the report to be read again.
            report = replace(report, document=replace(defaults, so="", ngay=None))
            changes = tuple(c for c in changes if c.field not in DOCUMENT_LABELS)
        else:
            result = recipients_now(result, defaults, load_law())
            report = replace(result.report, document=fill_blanks(result.report.document, defaults))
        report = dated_after_year_turn(report, catalogue.kind_of(report).plans_ahead, self.today)
        self.created_report_id = self.store.create_report(unit_id, report)
        self.period_label_text = period.short_label()
        self.made_from_parts = bool(previous.parts)
        self.change_texts = [change_text(catalogue.kind_of(report), c) for c in changes]
        self.change_texts += [f"Lưu ý: {note}" for note in result.notes]
        if previous.info is None:  # the old units' texts: the first one's is taken, say what is not
            self.change_texts += [f"Lưu ý: {note}" for note in predecessor_texts_left_out(previous.reports)]
        return self.created_report_id

    def _prefilled(
        self, period: Period, previous: PreviousReport, defaults: DocumentInfo, last_year: Report | None
    ) -> PrefillResult:
        """The new report: from the parts when they were chosen, else from the previous report."""
        unit_id = self.unit_id()
        assert unit_id is not None
        unit = self.store.get_unit(unit_id).unit
        if previous.parts:
            return from_parts(
                self.kind_id(),
                period,
                unit,
                defaults,
                previous.parts,
                previous.report,
                previous_same_period_last_year=last_year,
            )
        return new_report(
            self.kind_id(), period, unit, defaults, previous.report, previous_same_period_last_year=last_year
        )

    def _show_result(self) -> None:
        made = "từ các kỳ đã có, số liệu cộng sẵn" if self.made_from_parts else "từ kỳ trước"
        self.result_label.setText(
            f"Đã tạo báo cáo {self.period_label_text} (bản nháp) {made}. Khi lấy phần chữ, ứng dụng "
            "đã tự sửa những chỗ dưới đây; hãy đọc lại khi soạn:"
        )
        self.changes_list.clear()
        self.changes_list.addItems(self.change_texts)
        self.pages.setCurrentIndex(1)
        self.ok_button.setText("&Mở báo cáo")
        self.ok_button.setEnabled(True)
        self.cancel_button.hide()
        self.ok_button.setFocus()
