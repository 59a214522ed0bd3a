"""What the store hands back: its errors, its rows as frozen dataclasses, the names of its values.

Part of :mod:`desktop_app.storage` (import from there). No SQL here: these are the plain values
the other storage modules fill from rows, plus the answer-file text every report is stored as.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from desktop_app.report.answers import Report, Signer, Unit, dump_report, parse_report
from desktop_app.report.periods import Period
from desktop_app.system.safe_read import loads_json
from desktop_app.text import clean_value

STATUSES = ("ban_nhap", "hoan_thanh")
STATUS_LABELS = {"ban_nhap": "Bản nháp", "hoan_thanh": "Đã hoàn thành"}  # as the list of the app says
RECIPIENT_KINDS = ("kinh_gui", "noi_nhan")
OUTPUT_FORMATS = ("docx", "pdf", "xlsx")
# Why a revision was kept. Rows from before schema 2 read "luu": each save then kept one.
REVISION_KINDS = {
    "tao": "Tạo mới",
    "tu_dong": "Tự động lưu",
    "luu": "Lưu",
    "khoi_phuc": "Khôi phục phiên bản cũ",
    "tao_van_ban": "Tạo văn bản",
    "tong_hop": "Tổng hợp lại",
    "may_khac": "Bản của máy khác (khi gộp dữ liệu)",
    "gop": "Giữ bản của máy này (khi gộp dữ liệu)",
}
UNIT_FIELDS = ("co_quan_chu_quan", "co_quan", "ten", "ky_hieu", "dia_danh", "cap")
SIGNER_FIELDS = ("quyen_han", "chuc_vu", "chuc_vu_thu_truong", "ho_ten")
TABLE_LABELS = {
    "units": "đơn vị",
    "unit_names": "tên cũ của đơn vị",
    "unit_successions": "quan hệ kế thừa",
    "signers": "người ký",
    "recipient_lists": "danh sách nơi nhận",
    "reports": "báo cáo",
    "revisions": "phiên bản",
    "outputs": "văn bản đã tạo",
    "kind_copies": "bản lưu loại văn bản",
    "subordinate_units": "đơn vị cấp dưới",
    "rollup_files": "tệp của báo cáo tổng hợp",
}
NEWER_MESSAGE = (
    "Cơ sở dữ liệu được tạo bởi phiên bản mới hơn của Soạn Báo Cáo; hãy cập nhật ứng dụng. "
    "Dữ liệu không bị thay đổi."
)
BUSY_MESSAGE = "Cơ sở dữ liệu đang bận (một cửa sổ Soạn Báo Cáo khác đang ghi); hãy thử lại sau giây lát."


class StorageError(Exception):
    """The database cannot do what was asked; the message is Vietnamese and shown as is."""


class NotFoundError(StorageError):
    """A unit, report, revision or other row asked for by id does not exist."""


class ReportDamagedError(StorageError):
    """One stored report (or one of its revisions) cannot be read; the others can."""

    def __init__(self, report_id: int, detail: str, what: str = "") -> None:
        self.report_id = report_id
        self.detail = detail
        super().__init__(
            f"Báo cáo số {report_id}{what} bị hỏng, không mở được ({detail}). Các báo cáo khác vẫn dùng "
            "bình thường; có thể lấy lại một lần lưu cũ (Lịch sử các lần lưu) hoặc khôi phục từ bản sao lưu."
        )


class DatabaseDamagedError(StorageError):
    """The database file is damaged; ``backup`` is the newest backup that is still good."""

    def __init__(self, path: Path, detail: str, backup: Path | None) -> None:
        self.path = path
        self.detail = detail
        self.backup = backup
        if backup is None:
            hint = " Không tìm thấy bản sao lưu nào còn tốt."
        else:
            hint = f" Có thể khôi phục từ bản sao lưu gần nhất còn tốt: «{backup}»."
        super().__init__(f"Tệp dữ liệu «{path}» bị hỏng, không mở được ({detail}).{hint}")


# ---------------------------------------------------------------- rows


@dataclass(frozen=True)
class UnitRecord:
    id: int
    co_quan_chu_quan: str
    co_quan: str
    ten: str
    ky_hieu: str
    dia_danh: str
    cap: str
    created: str
    active: bool

    @property
    def unit(self) -> Unit:
        return Unit(**{k: getattr(self, k) for k in UNIT_FIELDS})


@dataclass(frozen=True)
class UnitName:
    """A name a unit had until ``valid_until``."""

    unit_id: int
    co_quan_chu_quan: str
    co_quan: str
    ten: str
    ky_hieu: str
    dia_danh: str
    cap: str
    valid_until: str

    @property
    def unit(self) -> Unit:
        return Unit(**{k: getattr(self, k) for k in UNIT_FIELDS})


@dataclass(frozen=True)
class SignerRecord:
    id: int
    unit_id: int
    position: int
    quyen_han: str
    chuc_vu: str
    chuc_vu_thu_truong: str
    ho_ten: str

    @property
    def signer(self) -> Signer:
        return Signer(**{k: getattr(self, k) for k in SIGNER_FIELDS})


@dataclass(frozen=True)
class RecipientList:
    id: int
    unit_id: int
    kind: str  # "kinh_gui" | "noi_nhan"
    name: str
    lines: tuple[str, ...]
    luu: str


DAMAGED_LABEL = "«hỏng»"


@dataclass(frozen=True)
class ReportInfo:
    """A report as lists show it, without its answers.

    ``damaged`` says (in Vietnamese) why a row cannot be used, "" when it is sound; a damaged
    row has ``period`` None and is still listed, so the official sees it and the others open.
    """

    id: int
    unit_id: int
    kind: str
    kind_version: str
    period: Period | None
    status: str
    so: str
    ngay: str | None
    created: str
    updated: str
    deleted_at: str | None
    uid: str | None = None
    damaged: str = ""
    rolled_up: bool = False  # made by a roll-up in this app (it keeps its units' files)

    def preference(self) -> tuple[bool, str]:
        """Of two reports of one period, the greater is the one to use: finished, then saved last."""
        return self.status == "hoan_thanh", self.updated

    @property
    def label(self) -> str:
        """The period as lists show it ("Quý II/2024"), or «hỏng»."""
        return DAMAGED_LABEL if self.period is None else self.period.short_label()


@dataclass(frozen=True)
class Revision:
    """One kept state of a report; ``kind`` (a key of :data:`REVISION_KINDS`) says why it was kept."""

    report_id: int
    n: int
    saved_at: str
    kind: str = "luu"

    @property
    def kind_label(self) -> str:
        return REVISION_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class Output:
    id: int
    report_id: int
    revision: int
    produced_at: str
    path: str
    sha256: str
    format: str


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: rows added, rows already present, damaged rows left out, notices."""

    added: Mapping[str, int]
    skipped: Mapping[str, int]
    damaged: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    updated: Mapping[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        """Say in Vietnamese what an import added, brought up to date, skipped and left out."""
        added = ", ".join(f"{n} {TABLE_LABELS[t]}" for t, n in self.added.items() if n)
        updated = ", ".join(f"{n} {TABLE_LABELS[t]}" for t, n in self.updated.items() if n)
        skipped = ", ".join(f"{n} {TABLE_LABELS[t]}" for t, n in self.skipped.items() if n)
        lines = [f"Đã nhập {added}."] if added else [] if updated else ["Không có dữ liệu mới để nhập."]
        if updated:
            lines.append(f"Cập nhật bản mới hơn từ tệp: {updated}.")
        if skipped:
            lines.append(f"Bỏ qua (đã có): {skipped}.")
        if self.damaged:
            lines.append(f"KHÔNG nhập {len(self.damaged)} dòng hỏng trong tệp (phần còn lại đã nhập):")
            lines += [f"  - {d}" for d in self.damaged]
        if self.notices:
            lines.append("LƯU Ý:")
            lines += [f"  - {n}" for n in self.notices]
        return "\n".join(lines)


# ---------------------------------------------------------------- the stored text of a report


def to_json(value: Any) -> str:
    """Return the compact JSON text the database stores (UTF-8, no ASCII escapes)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def report_data(report: Report) -> dict[str, Any]:
    """Return the cleaned answer-file content of ``report``: what ``reports.data`` holds."""
    return cast(dict[str, Any], clean_value(dump_report(report)))


def parse_text(text: str) -> Report:
    """Return the report an answer-file text describes (numbers with a point stay exact).

    AnswerFileError or UnsafeFileError (both ValueError, in Vietnamese) when it is damaged.
    """
    return parse_report(loads_json(text, "(dữ liệu đã lưu)"))
