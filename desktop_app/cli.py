"""The ``soanbaocao`` command: headless use of the core, and the app with no arguments.

soanbaocao                                  open the app
soanbaocao kinds                            list the report kinds
soanbaocao check FILE.json [--json]         check a report
soanbaocao render FILE.json -o OUT.docx     produce the Word document
soanbaocao new --kind K --period P [--from PREV.json] [--unit-from UNIT.json] -o NEW.json
                                            start the next period from the previous one
soanbaocao [--db DB] backup                 back up the database (prints the backup's path)
soanbaocao [--db DB] restore BACKUP.db      replace the database by a backup (the old one is kept)
soanbaocao [--db DB] export-all OUT.zip     every unit and report, to move to another PC
soanbaocao [--db DB] import-all IN.zip [--merge]
soanbaocao [--db DB] reports                list the reports
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop_app import APP_NAME, __version__
from desktop_app.document.forms import forms_for_kind
from desktop_app.document.render import RenderError, render_report
from desktop_app.report.answers import AnswerFileError, load_answer_file
from desktop_app.report.checks import check
from desktop_app.report.kinds import KindError, kind_ids, load_kind
from desktop_app.storage import StorageError
from desktop_app.system.converters import ConverterError, save_pdf
from desktop_app.system.files import OutputError

SEVERITY_WORDS = {"error": "LỖI", "warning": "LƯU Ý"}


# argparse's own error words (Python 3.11–3.13), in the order they must be replaced.
ARGPARSE_WORDS = (
    ("the following arguments are required", "thiếu tham số"),
    ("invalid choice", "lựa chọn không hợp lệ"),
    ("choose from", "chọn một trong"),
    ("unrecognized arguments", "tham số không hiểu"),
    ("invalid int value", "không phải số nguyên"),
    ("expected one argument", "cần một giá trị"),
    ("argument ", "tham số "),
)


class VietnameseHelp(argparse.HelpFormatter):
    """Help text with argparse's own words in Vietnamese."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class VietnameseParser(argparse.ArgumentParser):
    """An argument parser whose own messages are in Vietnamese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", VietnameseHelp)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "lệnh và tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def error(self, message: str) -> None:  # type: ignore[override]
        for english, vietnamese in ARGPARSE_WORDS:
            message = message.replace(english, vietnamese)
        self.exit(2, f"{self.prog}: lỗi: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(prog="soanbaocao", description=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--version", action="version", version=f"{APP_NAME} {__version__}", help="in phiên bản rồi thoát"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="tự kiểm tra bản cài đặt (loại văn bản, mẫu, PDF, cửa sổ) rồi thoát; nhật ký ở thư mục tạm",
    )
    parser.add_argument(
        "--db", type=Path, help="tệp cơ sở dữ liệu (mặc định: thư mục dữ liệu của người dùng)"
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=VietnameseParser)
    sub.add_parser("kinds", help="liệt kê các loại văn bản")
    p = sub.add_parser("check", help="kiểm tra số liệu của một báo cáo")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p = sub.add_parser("render", help="tạo văn bản Word từ tệp trả lời")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, help="tệp .docx sẽ tạo")
    p.add_argument("--pdf", type=Path, help="cũng lưu bản PDF (cần LibreOffice)")
    p.add_argument("--excel", type=Path, help="cũng lưu các biểu thống kê (05a, 06b…) thành tệp .xlsx")
    _add_new_parser(sub)
    _add_storage_parsers(sub)
    return parser


def cmd_kinds(args: argparse.Namespace) -> int:
    for kind_id in kind_ids():
        kind = load_kind(kind_id)
        print(f"{kind.id}\t{kind.title}\t(kỳ: {', '.join(kind.periods)})")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    issues = check(load_answer_file(args.file))
    if args.json:
        print(json.dumps([i.to_json() for i in issues], ensure_ascii=False, indent=1))
    else:
        for issue in issues:
            where = ", ".join(issue.fields)
            print(f"{SEVERITY_WORDS[issue.severity]}: {issue.message}" + (f" [{where}]" if where else ""))
        print(f"{len(issues)} vấn đề." if issues else "Không có vấn đề nào.")
    return 1 if any(i.severity == "error" for i in issues) else 0


def cmd_render(args: argparse.Namespace) -> int:
    for path, suffix in ((args.output, ".docx"), (args.pdf, ".pdf"), (args.excel, ".xlsx")):
        if path is not None and path.suffix.lower() != suffix:
            raise OutputError(f"Tệp ra «{path.name}» phải có đuôi {suffix}.")
    report = load_answer_file(args.file)
    forms = forms_for_kind(report.kind)
    if args.excel is not None and not forms:
        raise OutputError(f"Loại văn bản «{report.kind}» không có biểu thống kê nào để lưu thành Excel.")
    render_report(report, args.output)
    print(f"Đã tạo {args.output}")
    if args.pdf is not None:
        save_pdf(args.output, args.pdf)
        print(f"Đã tạo {args.pdf}")
    if args.excel is not None:
        from desktop_app.document.excel import write_form_workbook  # openpyxl loads only when asked

        write_form_workbook(args.excel, forms, [(report.unit.ten_goi, report)], report)
        print(f"Đã tạo {args.excel}")
    return 0


def _add_new_parser(sub: Any) -> None:
    p = sub.add_parser("new", help="tạo tệp trả lời kỳ mới, điền sẵn từ kỳ trước")
    p.add_argument("--kind", required=True, help="loại văn bản (xem «soanbaocao kinds»)")
    p.add_argument("--period", required=True, help="kỳ mới: quy:3/2024, thang:1/2024, nam:2024…")
    p.add_argument("--from", dest="previous", type=Path, help="tệp trả lời của kỳ trước")
    p.add_argument(
        "--last-year", type=Path, help="tệp trả lời cùng kỳ năm trước (để so sánh «so với cùng kỳ năm trước»)"
    )
    p.add_argument(
        "--unit-from", type=Path, help="lấy cơ quan ban hành (và văn bản, khi không có --from) từ tệp này"
    )
    p.add_argument("-o", "--output", type=Path, required=True, help="tệp .json sẽ tạo")


def cmd_new(args: argparse.Namespace) -> int:
    from desktop_app.report.answers import DocumentInfo, Unit, save_answer_file
    from desktop_app.report.periods import Period, PeriodError
    from desktop_app.report.prefill import PrefillError, new_report

    if args.output.suffix.lower() != ".json":
        raise OutputError(f"Tệp ra «{args.output.name}» phải có đuôi .json.")
    if args.previous is not None and args.output.resolve() == args.previous.resolve():
        raise OutputError("Tệp ra trùng tệp kỳ trước: hãy chọn tên khác để không ghi đè báo cáo cũ.")
    try:
        period = Period.parse(args.period)
    except PeriodError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    kind = load_kind(args.kind)
    previous = load_answer_file(args.previous) if args.previous is not None else None
    donor = load_answer_file(args.unit_from) if args.unit_from is not None else previous
    notes: list[str] = []
    if donor is None:
        unit = Unit(co_quan="(TÊN CƠ QUAN)", ky_hieu="(KÝ HIỆU)", dia_danh="(ĐỊA DANH)", cap="so")
        document = DocumentInfo()
        notes.append(
            "Chưa có thông tin cơ quan ban hành: tệp mới ghi tạm «(TÊN CƠ QUAN)», «(KÝ HIỆU)», «(ĐỊA DANH)» "
            "và cấp «so»; hãy sửa trong phần «Cơ quan ban hành» (hoặc dùng --unit-from TỆP.json)."
        )
    else:
        unit, document = donor.unit, donor.document
    last_year = load_answer_file(args.last_year) if args.last_year is not None else None
    try:
        result = new_report(kind, period, unit, document, previous, previous_same_period_last_year=last_year)
    except PrefillError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    save_answer_file(result.report, args.output)
    if previous is not None:
        print(f"Kỳ mới {period.words()}, điền sẵn từ {previous.period.words()}.")
        if result.changes:
            print(f"Đã sửa {len(result.changes)} chỗ trong phần chữ giữ lại từ kỳ trước:")
            for c in result.changes:
                where = f"{c.field}, {c.where}" if c.where else c.field
                print(f"  - [{where}] {c.description}")
        else:
            print("Không có chỗ nào phải sửa trong phần chữ giữ lại từ kỳ trước.")
    else:
        print(f"Kỳ mới {period.words()}: báo cáo trống (chỉ có giá trị mặc định).")
    for note in [*result.notes, *notes]:
        print(f"LƯU Ý: {note}")
    print(f"Đã tạo {args.output}")
    return 0


def _add_storage_parsers(sub: Any) -> None:
    sub.add_parser("backup", help="sao lưu cơ sở dữ liệu ngay (in ra đường dẫn bản sao lưu)")
    p = sub.add_parser("restore", help="thay cơ sở dữ liệu bằng một bản sao lưu (dữ liệu cũ được giữ lại)")
    p.add_argument("file", type=Path)
    p = sub.add_parser("export-all", help="xuất toàn bộ dữ liệu ra một tệp .zip (hoặc .json)")
    p.add_argument("output", type=Path)
    p = sub.add_parser("import-all", help="nhập toàn bộ dữ liệu từ tệp đã xuất")
    p.add_argument("input", type=Path)
    p.add_argument(
        "--merge",
        action="store_true",
        help="gộp vào dữ liệu đang có: thêm báo cáo mới, nối lịch sử báo cáo đã sửa (xem README)",
    )
    p = sub.add_parser("reports", help="liệt kê các báo cáo trong cơ sở dữ liệu")
    p.add_argument("--bin", action="store_true", help="liệt kê các báo cáo trong Thùng rác")
    p = sub.add_parser("export", help="xuất một báo cáo ra tệp trả lời .json (gửi cấp trên, lưu trữ)")
    p.add_argument("report", type=int, help="số của báo cáo (xem «soanbaocao reports»)")
    p.add_argument("-o", "--output", type=Path, required=True, help="tệp .json sẽ tạo")
    p = sub.add_parser("import", help="nhập một tệp trả lời .json thành một báo cáo mới")
    p.add_argument("file", type=Path)
    p.add_argument("--unit", type=int, help="số của đơn vị nhận (mặc định: đơn vị ghi trong tệp)")
    p = sub.add_parser("history", help="các lần lưu của một báo cáo; --restore N lấy lại lần lưu N")
    p.add_argument("report", type=int)
    p.add_argument(
        "--restore", type=int, metavar="N", help="đưa nội dung lần lưu N trở lại (thành lần lưu mới)"
    )
    p = sub.add_parser("reproduce", help="tạo lại đúng văn bản đã tạo trước đây (số trong «history»)")
    p.add_argument("output_id", type=int, metavar="SỐ")
    p.add_argument("-o", "--output", type=Path, required=True, help="tệp .docx sẽ tạo")
    p = sub.add_parser("delete", help="chuyển một báo cáo vào Thùng rác")
    p.add_argument("report", type=int)
    p = sub.add_parser("undelete", help="lấy một báo cáo ra khỏi Thùng rác")
    p.add_argument("report", type=int)


def _db_path(args: argparse.Namespace) -> Path:
    from desktop_app.system.datadir import default_db_path

    return Path(args.db) if args.db else default_db_path()


def cmd_backup(args: argparse.Namespace) -> int:
    from desktop_app.storage import Store

    with Store.open(_db_path(args)) as store:
        print(store.backup())
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop_app.storage import restore_backup

    saved = restore_backup(args.file, _db_path(args))
    print(f"Đã khôi phục {_db_path(args)} từ {args.file}.")
    if saved is not None:
        print(f"Dữ liệu trước khi khôi phục được giữ ở {saved}")
    return 0


def cmd_export_all(args: argparse.Namespace) -> int:
    from desktop_app.storage import Store

    with Store.open(_db_path(args)) as store:
        store.export_all(args.output)
    print(f"Đã xuất toàn bộ dữ liệu ra {args.output}")
    return 0


def cmd_import_all(args: argparse.Namespace) -> int:
    from desktop_app.storage import Store

    with Store.open(_db_path(args)) as store:
        summary = store.import_all(args.input, merge=args.merge)
    print(summary.describe())
    return 1 if summary.damaged else 0  # done, but not all of it: say so to a script too


def cmd_reports(args: argparse.Namespace) -> int:
    from desktop_app.storage import STATUS_LABELS, Store

    with Store.open(_db_path(args)) as store:
        reports = store.list_reports(include_deleted=args.bin)
    if args.bin:
        reports = [r for r in reports if r.deleted_at is not None]
    empty = "Thùng rác trống." if args.bin else "Chưa có báo cáo nào."
    print("Số\tLoại\tKỳ\tTrạng thái\tCập nhật" if reports else empty)
    for r in reports:
        state = f"Hỏng ({r.damaged})" if r.damaged else STATUS_LABELS.get(r.status, r.status)
        print(f"{r.id}\t{r.kind}\t{r.label}\t{state}\t{_local(r.updated, '%d/%m/%Y %H:%M')}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from desktop_app.storage import Store

    if args.output.suffix.lower() != ".json":
        raise OutputError(f"Tệp ra «{args.output.name}» phải có đuôi .json.")
    with Store.open(_db_path(args)) as store:
        store.export_report(args.report, args.output)
    print(f"Đã xuất báo cáo số {args.report} ra {args.output}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from desktop_app.storage import Store

    with Store.open(_db_path(args)) as store:
        report_id = store.import_report(args.file, args.unit)
        info = store.report_info(report_id)
    print(f"Đã nhập thành báo cáo số {report_id} ({info.label}).")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from desktop_app.storage import Store

    with Store.open(_db_path(args)) as store:
        store.report_info(args.report)  # says plainly when there is no such report
        if args.restore is not None:
            latest = store.revisions(args.report)[-1].n
            n = store.restore_revision(args.report, args.restore)
            done = f"Đã lấy lại lần lưu {args.restore}, giữ thành lần lưu {n}."
            print(f"Nội dung hiện tại đã giống lần lưu {args.restore}." if n == latest else done)
            return 0
        revisions = store.revisions(args.report)
        outputs = store.outputs(args.report)
    print("Lần\tLúc\tLý do")
    for r in revisions:
        print(f"{r.n}\t{_local(r.saved_at)}\t{r.kind_label}")
    if outputs:
        print("\nVăn bản đã tạo (tạo lại đúng văn bản đó: soanbaocao reproduce SỐ -o TỆP.docx)")
        print("Số\tLúc\tTừ lần lưu\tTệp")
        for o in outputs:
            print(f"{o.id}\t{_local(o.produced_at)}\t{o.revision}\t{o.path}")
    return 0


def _local(stamp: str, fmt: str = "%d/%m/%Y %H:%M:%S") -> str:
    """A stored UTC time as local time; a damaged one as it is, never a traceback."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(stamp).astimezone().strftime(fmt)
    except (TypeError, ValueError):
        return f"(hỏng: {str(stamp)[:40]})"


def cmd_reproduce(args: argparse.Namespace) -> int:
    """Render a document that went out again, from the exact data kept, and compare its hash."""
    from desktop_app.document.render import SAME_DATA_OTHER_FILE, reproduce
    from desktop_app.storage import Store

    if args.output.suffix.lower() != ".docx":
        raise OutputError(f"Tệp ra «{args.output.name}» phải có đuôi .docx.")
    with Store.open(_db_path(args)) as store:
        report = store.load_output(args.output_id)
        recorded = store.output(args.output_id)
    identical = reproduce(report, args.output, recorded.sha256)
    print(f"Đã tạo {args.output}")
    if identical:
        print("Giống hệt văn bản đã tạo lúc trước (cùng mã băm SHA-256).")
        return 0
    print(SAME_DATA_OTHER_FILE)
    return 1


def cmd_delete(args: argparse.Namespace) -> int:
    from desktop_app.storage import Store

    with Store.open(_db_path(args)) as store:
        store.delete_report(args.report)
    print(
        f"Đã chuyển báo cáo số {args.report} vào Thùng rác («soanbaocao undelete {args.report}» để lấy lại)."
    )
    return 0


def cmd_undelete(args: argparse.Namespace) -> int:
    from desktop_app.storage import Store

    with Store.open(_db_path(args)) as store:
        store.restore_report(args.report)
    print(f"Đã lấy báo cáo số {args.report} ra khỏi Thùng rác.")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "kinds": cmd_kinds,
    "check": cmd_check,
    "render": cmd_render,
    "new": cmd_new,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "export-all": cmd_export_all,
    "import-all": cmd_import_all,
    "reports": cmd_reports,
    "export": cmd_export,
    "import": cmd_import,
    "history": cmd_history,
    "reproduce": cmd_reproduce,
    "delete": cmd_delete,
    "undelete": cmd_undelete,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; with no command, open the app."""
    args = build_parser().parse_args(argv)
    if args.self_test:
        from desktop_app.selftest import main as self_test

        return self_test()
    if args.command is None:
        return _start_app(args)
    try:
        return COMMANDS[args.command](args)
    except AnswerFileError as exc:
        print("Tệp trả lời có lỗi:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    except (KindError, RenderError, OutputError, ConverterError, StorageError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2


def _start_app(args: argparse.Namespace) -> int:
    import importlib

    try:
        # Imported by name: the core must import (and type-check) without Qt.
        app = importlib.import_module("ui.app")
    except ImportError as exc:
        print(f"Không mở được giao diện ({exc}). Dùng «soanbaocao --help» để xem các lệnh.", file=sys.stderr)
        return 2
    return int(app.run(db=args.db))


if __name__ == "__main__":
    sys.exit(main())
