"""Vietnamese for Qt's own strings: standard buttons, text menus, file and print dialogs.

Qt ships no Vietnamese translation, so a button box would say "OK" / "Cancel" and a line
edit's context menu "Undo" / "Paste" in the middle of a Vietnamese app. The tables below are
compiled into ``resources/i18n/qt_vi.qm`` (with ``qt_vi.ts`` beside it, for review), which
a plain ``QTranslator`` loads. After changing a table, run ``python -m ui.i18n``; a test
checks that the shipped files say what the tables say.

Why a compiled file and not a Python ``QTranslator.translate`` override: PySide6 6.12 drops a
reference to ``None`` each time Qt calls such an override with no disambiguation, and the
interpreter aborts after a few thousand calls. A ``.qm`` is also faster.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from desktop_app.system import paths

VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)

BUTTONS = {
    "OK": "Đồng ý",
    "&OK": "Đồng &ý",
    "Cancel": "Hủy",
    "&Cancel": "&Hủy",
    "&Yes": "&Có",
    "Yes": "Có",
    "&No": "&Không",
    "No": "Không",
    "Yes to &All": "Có với &tất cả",
    "N&o to All": "Không với tất cả",
    "Save": "Lưu",
    "&Save": "&Lưu",
    "Save All": "Lưu tất cả",
    "Open": "Mở",
    "&Open": "&Mở",
    "Close": "Đóng",
    "&Close": "Đón&g",
    "Discard": "Bỏ",
    "Close without Saving": "Đóng, không lưu",
    "Don't Save": "Không lưu",
    "Apply": "Áp dụng",
    "Reset": "Đặt lại",
    "Restore Defaults": "Khôi phục mặc định",
    "Help": "Trợ giúp",
    "Abort": "Hủy bỏ",
    "Retry": "Thử lại",
    "Ignore": "Bỏ qua",
    "Show Details...": "Xem chi tiết…",
    "Hide Details...": "Ẩn chi tiết…",
    "Enter a value:": "Nhập giá trị:",
}
EDITING = {
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "&Cắt",
    "&Copy": "&Sao chép",
    "Copy &Link Location": "Sao chép địa chỉ &liên kết",
    "&Paste": "&Dán",
    "Delete": "Xóa",
    "Select All": "Chọn tất cả",
    "&Select All": "&Chọn tất cả",
    "&Step up": "&Tăng",
    "Step &down": "&Giảm",
    "Undo %1": "Hoàn tác %1",
    "Redo %1": "Làm lại %1",
    "Undo": "Hoàn tác",
    "Redo": "Làm lại",
}
FILES = {
    "&Look in:": "&Tìm trong:",
    "Look in:": "Tìm trong:",
    "File &name:": "&Tên tệp:",
    "Files of &type:": "&Loại tệp:",
    "Files of type:": "Loại tệp:",
    "&Open": "&Mở",
    "&Save": "&Lưu",
    "&Choose": "&Chọn",
    "Open": "Mở",
    "Save As": "Lưu thành",
    "Cancel": "Hủy",
    "All Files (*)": "Tất cả các tệp (*)",
    "Files": "Tệp",
    "Back": "Quay lại",
    "Go back": "Quay lại",
    "Forward": "Tiến",
    "Go forward": "Tiến tới",
    "Parent Directory": "Thư mục cha",
    "Go to the parent directory": "Lên thư mục cha",
    "Create New Folder": "Tạo thư mục mới",
    "Create a New Folder": "Tạo một thư mục mới",
    "New Folder": "Thư mục mới",
    "&New Folder": "Thư mục &mới",
    "List View": "Dạng danh sách",
    "Change to list view mode": "Xem dạng danh sách",
    "Detail View": "Dạng chi tiết",
    "Change to detail view mode": "Xem dạng chi tiết",
    "&Delete": "&Xóa",
    "&Rename": "Đổi &tên",
    "Show &hidden files": "Hiện các tệp ẩn",
    "Sidebar": "Thanh bên",
    "List of places and bookmarks": "Các nơi thường dùng",
    "Name": "Tên",
    "Size": "Kích thước",
    "Type": "Loại",
    "Kind": "Loại",
    "Date Modified": "Ngày sửa",
    "My Computer": "Máy tính",
    "Computer": "Máy tính",
    "Recent Places": "Nơi mở gần đây",
    "Find Directory": "Chọn thư mục",
    "Directory:": "Thư mục:",
    "Directories": "Thư mục",
    "Directory": "Thư mục",
    "File": "Tệp",
    "File Folder": "Thư mục",
    "Folder": "Thư mục",
    "Unknown": "Không rõ",
    "Drive": "Ổ đĩa",
    "%1 bytes": "%1 byte",
    "%1 already exists.\nDo you want to replace it?": "«%1» đã có.\nCó ghi đè lên tệp đó không?",
    "Are you sure you want to delete '%1'?": "Có chắc muốn xóa «%1» không?",
    "%1\nFile not found.\nPlease verify the correct file name was given.": (
        "%1\nKhông tìm thấy tệp.\nHãy kiểm tra lại tên tệp."
    ),
    "%1\nDirectory not found.\nPlease verify the correct directory name was given.": (
        "%1\nKhông tìm thấy thư mục.\nHãy kiểm tra lại tên thư mục."
    ),
}
PRINTING = {
    "Print": "In",
    "&Print": "&In",
    "Printer": "Máy in",
    "&Name:": "&Tên:",
    "Location:": "Vị trí:",
    "Type:": "Loại:",
    "P&roperties": "&Thuộc tính",
    "Properties": "Thuộc tính",
    "Preview": "Xem trước",
    "Output &file:": "Tệp &ra:",
    "Copies": "Số bản",
    "Copies:": "Số bản:",
    "Collate": "Xếp theo bộ",
    "Reverse": "In ngược thứ tự",
    "Print range": "Phạm vi in",
    "Print all": "In tất cả",
    "Pages from": "Các trang từ",
    "to": "đến",
    "Pages": "Các trang",
    "Current Page": "Trang hiện tại",
    "Selection": "Phần đã chọn",
    "Page &Set:": "&Nhóm trang:",
    "All Pages": "Mọi trang",
    "Odd Pages": "Trang lẻ",
    "Even Pages": "Trang chẵn",
    "Output Settings": "Thiết lập in",
    "Options": "Tùy chọn",
    "&Options >>": "&Tùy chọn >>",
    "&Options <<": "&Tùy chọn <<",
    "Color Mode": "Chế độ màu",
    "Color": "Màu",
    "Grayscale": "Đen trắng",
    "Double Sided Printing": "In hai mặt",
    "Off": "Tắt",
    "Long side binding": "Lật theo cạnh dài",
    "Short side binding": "Lật theo cạnh ngắn",
    "Specify pages or ranges separated by commas. Ranges are specified by two numbers separated "
    "by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.": (
        "Ghi các trang hoặc khoảng trang, cách nhau bởi dấu phẩy; khoảng trang là hai số nối bằng "
        "dấu gạch. Ví dụ: 3,5-7,9 in các trang 3, 5, 6, 7 và 9."
    ),
    "Print to File (PDF)": "In ra tệp (PDF)",
    "Local file": "Tệp trên máy",
    "Write PDF file": "Ghi tệp PDF",
    "Page Setup": "Thiết lập trang",
    "Page setup": "Thiết lập trang",
    "Page Layout": "Bố cục trang",
    "Paper": "Giấy",
    "Page size:": "Khổ giấy:",
    "Paper source:": "Nguồn giấy:",
    "Width:": "Rộng:",
    "Height:": "Cao:",
    "Custom": "Tùy chỉnh",
    "Orientation": "Hướng giấy",
    "Portrait": "Dọc",
    "Landscape": "Ngang",
    "Reverse portrait": "Dọc, đảo ngược",
    "Reverse landscape": "Ngang, đảo ngược",
    "Margins": "Lề",
    "top margin": "lề trên",
    "bottom margin": "lề dưới",
    "left margin": "lề trái",
    "right margin": "lề phải",
    "Millimeters (mm)": "Milimét (mm)",
    "Inches (in)": "Inch (in)",
    "Points (pt)": "Point (pt)",
    "Pages &per sheet:": "Số trang mỗi &tờ:",
    "Page &order:": "&Thứ tự trang:",
    "Print Preview": "Xem trước khi in",
    "Next page": "Trang sau",
    "Previous page": "Trang trước",
    "First page": "Trang đầu",
    "Last page": "Trang cuối",
    "Fit width": "Vừa chiều rộng",
    "Fit page": "Vừa trang",
    "Zoom in": "Phóng to",
    "Zoom out": "Thu nhỏ",
    "Show single page": "Xem từng trang",
    "Show facing pages": "Xem hai trang đối diện",
    "Show overview of all pages": "Xem tất cả các trang",
    "Export to PDF": "Xuất ra PDF",
    "Close": "Đóng",
}
SCROLLING = {
    "Scroll here": "Cuộn đến đây",
    "Left edge": "Mép trái",
    "Right edge": "Mép phải",
    "Top": "Trên cùng",
    "Bottom": "Dưới cùng",
    "Page left": "Sang trái một trang",
    "Page right": "Sang phải một trang",
    "Page up": "Lên một trang",
    "Page down": "Xuống một trang",
    "Scroll left": "Cuộn sang trái",
    "Scroll right": "Cuộn sang phải",
    "Scroll up": "Cuộn lên",
    "Scroll down": "Cuộn xuống",
    "Scroll Left": "Cuộn sang trái",
    "Scroll Right": "Cuộn sang phải",
    "Close Tab": "Đóng thẻ",
}
# Key names in menus ("Ctrl+N"): keep what is printed on the keys; "Return" is labelled Enter,
# the arrow keys carry arrows.
KEYS = {
    "Return": "Enter",
    "Space": "Phím cách",
    "PgDown": "PgDn",
    "Up": "↑",
    "Down": "↓",
    "Left": "←",
    "Right": "→",
}

# Each table and the Qt classes (translation contexts) that ask for its strings.
TABLES: tuple[tuple[Mapping[str, str], tuple[str, ...]], ...] = (
    (BUTTONS, ("QPlatformTheme", "QGnomeTheme", "QMessageBox", "QDialogButtonBox", "QInputDialog")),
    (EDITING, ("QLineEdit", "QWidgetTextControl", "QAbstractSpinBox", "QUndoStack", "QUndoModel")),
    (FILES, ("QFileDialog", "QFileSystemModel", "QAbstractFileIconProvider", "QSidebar")),
    (
        PRINTING,
        (
            "QPrintDialog",
            "QPrintPreviewDialog",
            "QPageSetupWidget",
            "QPrintSettingsOutput",
            "QPrintWidget",
            "QPrintPropertiesWidget",
            "QUnixPrintWidget",
        ),
    ),
    (SCROLLING, ("QScrollBar", "QTabBar")),
    (KEYS, ("QShortcut",)),
)


def qm_path() -> Path:
    return paths.resources_dir() / "i18n" / "qt_vi.qm"


def messages() -> Iterator[tuple[str, str, str]]:
    """Yield (context, source, Vietnamese) for every string, contexts in name order."""
    by_context: dict[str, dict[str, str]] = {}
    for table, contexts in TABLES:
        for context in contexts:
            by_context.setdefault(context, {}).update(table)
    for context in sorted(by_context):
        for source, text in sorted(by_context[context].items()):
            yield context, source, text


def ts_text() -> str:
    """Return the Qt Linguist source (.ts) of :func:`messages`."""
    from xml.sax.saxutils import escape  # it imports urllib: not on every start

    out = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>", '<TS version="2.1" language="vi_VN">']
    context_now = None
    for context, source, text in messages():
        if context != context_now:
            if context_now is not None:
                out.append("</context>")
            out += ["<context>", f"    <name>{context}</name>"]
            context_now = context
        out += [
            "    <message>",
            f"        <source>{escape(source)}</source>",
            f"        <translation>{escape(text)}</translation>",
            "    </message>",
        ]
    out += ["</context>", "</TS>", ""]
    return "\n".join(out)


def build_qm(qm: Path | None = None) -> Path:
    """Write ``qt_vi.ts`` and compile it with Qt's lrelease into ``qt_vi.qm``; return the .qm."""
    qm = qm or qm_path()
    ts = qm.with_suffix(".ts")
    ts.parent.mkdir(parents=True, exist_ok=True)
    ts.write_text(ts_text(), encoding="utf-8")
    lrelease = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if lrelease is None:
        raise FileNotFoundError("Không tìm thấy lrelease (cài PySide6-Essentials).")
    subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)
    return qm


def install_vietnamese(app: QCoreApplication) -> QTranslator:
    """Install Qt's strings in Vietnamese on ``app`` and make Vietnamese the default locale.

    Keep the returned translator alive as long as the app (it is parented to ``app``).
    """
    QLocale.setDefault(VIETNAMESE)
    translator = QTranslator(app)
    if translator.load(str(qm_path())):
        app.installTranslator(translator)
    return translator


if __name__ == "__main__":
    print(f"Đã tạo {build_qm()}", file=sys.stderr)
