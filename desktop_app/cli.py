"""The ``soanbaocao`` command: headless use of the core, and the app with no arguments.

soanbaocao                                  open the app
soanbaocao kinds                            list the report kinds (built in and own, with versions)
soanbaocao kind export ID -o PKG.zip        a kind package to share or start from
soanbaocao kind lint PATH [--json]          check a kind package or folder
soanbaocao kind import PKG.zip              lint, then install into the data folder's kinds/
soanbaocao kind remove ID                   remove an own kind
soanbaocao [--db DB] check FILE.json [--json]
                                            check a report's figures and text (--db: also
                                            against the units and former names it holds)
soanbaocao render FILE.json -o OUT.docx     produce the Word document
soanbaocao new --kind K --period P [--from PREV.json] [--unit-from UNIT.json] -o NEW.json
                                            start the next period from the previous one; --from
                                            again with the quarters of a 6 months (9 months,
                                            year): its figures added up from them
soanbaocao rollup --kind K --period P [--unit-from PARENT.json] [--units FILE] INPUT... -o OUT.json
                                            roll units' reports (or a unit's periods) up into one
soanbaocao [--db DB] backup                 back up the database (prints the backup's path)
soanbaocao [--db DB] restore BACKUP.db      replace the database by a backup (the old one is kept)
soanbaocao [--db DB] export-all OUT.zip     every unit and report, to move to another PC
soanbaocao [--db DB] import-all IN.zip [--merge]
soanbaocao [--db DB] reports                list the reports

Each command imports only what it needs: the app's start goes through this module, and
rendering (docxtpl), the forms or the storage have no business in a start that never uses them.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app import APP_NAME, __version__
from desktop_app.rollup_cli import add_parser as add_rollup_parser
from desktop_app.rollup_cli import cmd_rollup
from desktop_app.system.files import OutputError

if TYPE_CHECKING:
    from desktop_app.report.answers import Report
    from desktop_app.report.content import KnownNames

SEVERITY_WORDS = {"error": "LỖI", "warning": "LƯU Ý"}
# The errors a command reports in one plain line (module, class). A module the command never
# imported cannot have raised its error, so they are looked up only among the loaded ones.
PLAIN_ERRORS = (
    ("desktop_app.report.kinds", "KindError"),
    ("desktop_app.document.render", "RenderError"),
    ("desktop_app.system.files", "OutputError"),
    ("desktop_app.system.converters", "ConverterError"),
    ("desktop_app.storage.records", "StorageError"),
)


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
    sub.add_parser("kinds", help="liệt kê các loại văn bản (có sẵn và riêng) với các phiên bản theo ngày")
    _add_kind_parser(sub)
    p = sub.add_parser(
        "check",
        help="kiểm tra số liệu và nội dung của một báo cáo (với --db: so cả với tên các đơn vị đã lưu)",
    )
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p = sub.add_parser("render", help="tạo văn bản Word từ tệp trả lời")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, help="tệp .docx sẽ tạo")
    p.add_argument("--pdf", type=Path, help="cũng lưu bản PDF (cần LibreOffice)")
    p.add_argument("--excel", type=Path, help="cũng lưu các biểu thống kê (05a, 06b…) thành tệp .xlsx")
    _add_new_parser(sub)
    add_rollup_parser(sub)
    _add_storage_parsers(sub)
    return parser


def cmd_kinds(args: argparse.Namespace) -> int:
    from desktop_app.report import catalogue

    for fam in catalogue.families():
        mark = " [riêng]" if fam.is_own else ""
        print(f"{fam.id}\t{fam.title}{mark}\t(kỳ: {', '.join(fam.period_types)})")
        for kind in fam.versions:
            basis = kind.legal_basis or "(không ghi)"
            print(f"  - phiên bản {kind.version}: {_validity(kind)}; căn cứ: {basis}")
            if kind.notice:
                print(f"    LƯU Ý: {kind.notice}")
    for kind_id, problem in sorted(catalogue.catalogue().broken.items()):
        print(f"{kind_id}\t(loại riêng không dùng được: {problem})")
    return 0


def _validity(kind: Any) -> str:
    start = f" từ {kind.valid_from:%d/%m/%Y}" if kind.valid_from else ""
    end = f" đến {kind.valid_until:%d/%m/%Y}" if kind.valid_until else " trở đi"
    return "các kỳ có ngày chốt số liệu" + start + end


def _add_kind_parser(sub: Any) -> None:
    kind = sub.add_parser("kind", help="gói loại văn bản: xuất, kiểm tra, nhập, gỡ (cho cán bộ CNTT)")
    ksub = kind.add_subparsers(dest="kind_command", metavar="VIỆC", parser_class=VietnameseParser)
    ksub.required = True
    p = ksub.add_parser("export", help="xuất một loại văn bản thành gói .zip (dùng làm mẫu để sửa)")
    p.add_argument("kind_id", metavar="MÃ")
    p.add_argument("-o", "--output", type=Path, required=True, help="tệp .zip sẽ tạo")
    p.add_argument("--ngay", help="xuất phiên bản áp dụng vào ngày này (YYYY-MM-DD; mặc định hôm nay)")
    p = ksub.add_parser("lint", help="kiểm tra một gói .zip hoặc thư mục loại văn bản")
    p.add_argument("path", type=Path, metavar="ĐƯỜNG_DẪN")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p = ksub.add_parser("import", help="kiểm tra rồi cài một gói vào thư mục dữ liệu (kinds/)")
    p.add_argument("path", type=Path, metavar="GÓI")
    p = ksub.add_parser("remove", help="gỡ một loại văn bản riêng (báo cáo đã viết vẫn mở được)")
    p.add_argument("kind_id", metavar="MÃ")


def cmd_kind(args: argparse.Namespace) -> int:
    from desktop_app.document import kind_package as kp

    try:
        if args.kind_command == "export":
            return _kind_export(args, kp)
        if args.kind_command == "lint":
            result = kp.lint_path(args.path)
            _print_findings(result.findings, args.json)
            return 1 if result.errors else 0
        if args.kind_command == "import":
            installed = kp.install_package(args.path)
            _print_findings(installed.findings, False, quiet=True)
            print(f"Đã cài loại văn bản «{installed.kind_id}» vào {catalogue_dir()}.")
            return 0
        kp.remove_kind(args.kind_id)
        print(f"Đã gỡ loại văn bản «{args.kind_id}». Các báo cáo đã viết vẫn mở được (chỉ đọc).")
        return 0
    except kp.KindPackageError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        _print_findings(exc.findings, False, quiet=True, stream=sys.stderr)  # never «Không có lỗi nào»
        return 1


def catalogue_dir() -> Path:
    from desktop_app.report import catalogue

    return catalogue.own_dir()


def _kind_export(args: argparse.Namespace, kp: Any) -> int:
    from datetime import date

    if args.output.suffix.lower() != ".zip":
        raise OutputError(f"Tệp ra «{args.output.name}» phải có đuôi .zip.")
    try:
        day = date.fromisoformat(args.ngay) if args.ngay else None
    except ValueError:
        print(f"Lỗi: ngày «{args.ngay}» phải viết dạng YYYY-MM-DD.", file=sys.stderr)
        return 2
    kind = kp.export_kind(args.kind_id, args.output, day)
    print(f"Đã xuất «{kind.title}», phiên bản {kind.version}, ra {args.output}")
    if kind.notice:  # it speaks of the built-in kind («…hãy nạp nó thành loại văn bản riêng»)
        print(
            "Khi sửa thành loại văn bản riêng, hãy đọc lại «notice» trong tệp .toml: lưu ý ấy nói về "
            "mẫu có sẵn của ứng dụng, sẽ hiện cho người soạn; sửa hoặc xóa nó cho hợp."
        )
    return 0


def _print_findings(findings: Any, as_json: bool, quiet: bool = False, stream: Any = None) -> None:
    from desktop_app.report.kind_lint import SEVERITY_WORDS

    out = stream or sys.stdout
    if as_json:
        print(json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=1), file=out)
        return
    for f in findings:
        print(f"{SEVERITY_WORDS[f.severity]}: {f.text()}", file=out)
    errors = sum(f.severity == "error" for f in findings)
    if not quiet or findings:
        summary = f"{errors} lỗi, {len(findings) - errors} lưu ý." if findings else "Không có lỗi nào."
        print(summary, file=out)


def cmd_check(args: argparse.Namespace) -> int:
    from desktop_app.report.answers import load_answer_file
    from desktop_app.report.checks import check

    report = load_answer_file(args.file)
    issues = check(report, _known_names(args, report))
    if args.json:
        print(json.dumps([i.to_json() for i in issues], ensure_ascii=False, indent=1))
    else:
        for issue in issues:
            where = ", ".join(issue.fields)
            print(f"{SEVERITY_WORDS[issue.severity]}: {issue.message}" + (f" [{where}]" if where else ""))
        print(f"{len(issues)} vấn đề." if issues else "Không có vấn đề nào.")
    return 1 if any(i.severity == "error" for i in issues) else 0


def _known_names(args: argparse.Namespace, report: Report) -> KnownNames | None:
    """The database's names for the content check, only with an explicit ``--db``: an answer file
    checked alone is judged by its own unit and text (the same result on every computer)."""
    if args.db is None:
        return None
    from desktop_app.cli_store import open_store

    with open_store(Path(args.db)) as store:
        unit_id = store.find_unit(report.unit)
        return None if unit_id is None else store.known_names(unit_id)


def cmd_render(args: argparse.Namespace) -> int:
    from desktop_app.document.forms import forms_for_kind
    from desktop_app.document.render import render_report
    from desktop_app.report.answers import load_answer_file
    from desktop_app.report.catalogue import kind_of

    for path, suffix in ((args.output, ".docx"), (args.pdf, ".pdf"), (args.excel, ".xlsx")):
        if path is not None and path.suffix.lower() != suffix:
            raise OutputError(f"Tệp ra «{path.name}» phải có đuôi {suffix}.")
    report = load_answer_file(args.file)
    forms = forms_for_kind(kind_of(report))
    if args.excel is not None and not forms:
        raise OutputError(f"Loại văn bản «{report.kind}» không có biểu thống kê nào để lưu thành Excel.")
    blanks = render_report(report, args.output).blank_words()
    print(f"Đã tạo {args.output}")
    if blanks:
        print(f"LƯU Ý: {blanks}")
    _say_open_issues(report, args.file)
    if args.pdf is not None:
        from desktop_app.system.converters import save_pdf

        save_pdf(args.output, args.pdf)
        print(f"Đã tạo {args.pdf}")
    if args.excel is not None:
        from desktop_app.document.excel import write_form_workbook

        write_form_workbook(args.excel, forms, None, report)
        print(f"Đã tạo {args.excel}")
    return 0


def _say_open_issues(report: Report, path: Path) -> None:
    """Say on stderr, in one line, that the rendered report still has errors: the document is
    made all the same (the official decides), the exit code unchanged."""
    errors, warnings = _counted(report)
    if errors:
        print(f"Báo cáo còn {errors} lỗi, {warnings} lưu ý: xem «{_check_command(path)}».", file=sys.stderr)


def _counted(report: Report) -> tuple[int, int]:
    """The errors and the warnings ``soanbaocao check`` finds in ``report``."""
    from desktop_app.report.checks import check

    issues = check(report)
    errors = sum(1 for i in issues if i.severity == "error")
    return errors, len(issues) - errors


def _check_command(path: Path) -> str:
    """The command that lists a file's problems, ready to paste in this system's shell: a path
    with spaces, «&», «'» or «#» quoted («"…/Nguyễn Văn Ánh #1 & it's/sai.json"»)."""
    return f"soanbaocao check {_pasted(path)}"


# What a shell takes as it is (Windows' paths with their «\»), and what a POSIX shell still
# reads inside double quotes (a Windows name cannot hold «"»).
_BARE = re.compile(r"[\w@%+=:,./-]+")
_BARE_WINDOWS = re.compile(r"[\w@%+=:,./\\-]+")
_LIVE_IN_QUOTES = frozenset('$`"\\!')


def _pasted(path: Path) -> str:
    """``path`` as the shell reads it back whole: bare when it can be, else in double quotes,
    else (a POSIX path with «$», «"»…) in shlex's single quotes."""
    import shlex

    text = str(path)
    if (_BARE_WINDOWS if os.name == "nt" else _BARE).fullmatch(text):
        return text
    if os.name == "nt" or not _LIVE_IN_QUOTES.intersection(text):
        return f'"{text}"'
    return shlex.quote(text)


def _add_new_parser(sub: Any) -> None:
    p = sub.add_parser("new", help="tạo tệp trả lời kỳ mới, điền sẵn từ kỳ trước")
    p.add_argument("--kind", required=True, help="loại văn bản (xem «soanbaocao kinds»)")
    p.add_argument("--period", required=True, help="kỳ mới: quy:3/2024, thang:1/2024, nam:2024…")
    p.add_argument(
        "--from",
        dest="previous",
        type=Path,
        action="append",
        help="tệp trả lời của kỳ trước; hoặc, nhiều lần, các kỳ ngắn hơn ghép đủ kỳ mới (các quý của "
        "6 tháng, 9 tháng, năm): số liệu được cộng từ chúng",
    )
    p.add_argument(
        "--last-year", type=Path, help="tệp trả lời cùng kỳ năm trước (để so sánh «so với cùng kỳ năm trước»)"
    )
    p.add_argument(
        "--unit-from", type=Path, help="lấy cơ quan ban hành (và văn bản, khi không có --from) từ tệp này"
    )
    p.add_argument("-o", "--output", type=Path, required=True, help="tệp .json sẽ tạo")


def cmd_new(args: argparse.Namespace) -> int:
    from datetime import date

    from desktop_app.report import catalogue
    from desktop_app.report.answers import DocumentInfo, Unit, load_answer_file, save_answer_file
    from desktop_app.report.content.reform import recipients_now
    from desktop_app.report.law import load_law
    from desktop_app.report.periods import Period, PeriodError
    from desktop_app.report.prefill import PrefillError, dated_after_year_turn, document_from, new_report
    from desktop_app.report.prefill_parts import from_parts, in_order, parts_words

    if args.output.suffix.lower() != ".json":
        raise OutputError(f"Tệp ra «{args.output.name}» phải có đuôi .json.")
    if any(args.output.resolve() == path.resolve() for path in args.previous or ()):
        raise OutputError("Tệp ra trùng tệp kỳ trước: hãy chọn tên khác để không ghi đè báo cáo cũ.")
    try:
        period = Period.parse(args.period)
    except PeriodError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    kind = catalogue.in_force(args.kind, period)
    given = [load_answer_file(path) for path in args.previous or ()]
    parts = in_order([r for r in given if _inside(r.period, period)])
    before = [r for r in given if not _inside(r.period, period)]
    if len(before) > 1:
        print(f"Lỗi: {_one_previous(before, period)}", file=sys.stderr)
        return 2
    previous = before[0] if before else None
    words_from = previous or (parts[-1] if parts else None)
    donor = load_answer_file(args.unit_from) if args.unit_from is not None else words_from
    notes: list[str] = []
    if donor is None:
        unit = Unit(co_quan="(TÊN CƠ QUAN)", ky_hieu="(KÝ HIỆU)", dia_danh="(ĐỊA DANH)", cap="so")
        document = DocumentInfo()
        notes.append(
            "Chưa có thông tin cơ quan ban hành: tệp mới ghi tạm «(TÊN CƠ QUAN)», «(KÝ HIỆU)», «(ĐỊA DANH)» "
            "và cấp «so»; hãy sửa trong phần «Cơ quan ban hành» (hoặc dùng --unit-from TỆP.json)."
        )
    else:
        unit, document = donor.unit, document_from(donor, kind.id, period)
    last_year = load_answer_file(args.last_year) if args.last_year is not None else None
    try:
        if parts:
            result = from_parts(
                kind, period, unit, document, parts, previous, previous_same_period_last_year=last_year
            )
        else:
            result = new_report(
                kind, period, unit, document, previous, previous_same_period_last_year=last_year
            )
        result = recipients_now(result, document, load_law())
    except PrefillError as exc:
        more = " Hãy cho thêm --from với tệp của kỳ còn thiếu." if parts else ""
        print(f"Lỗi: {exc}{more}", file=sys.stderr)
        return 2
    report = dated_after_year_turn(result.report, kind.plans_ahead, date.today())
    save_answer_file(report, args.output)
    if parts:
        print(
            f"Kỳ mới {period.words()}, lập từ {parts_words([r.period for r in parts])}: số liệu cộng các kỳ."
        )
    elif words_from is not None:
        print(f"Kỳ mới {period.words()}, điền sẵn từ {words_from.period.words()}.")
    else:
        print(f"Kỳ mới {period.words()}: báo cáo trống (chỉ có giá trị mặc định).")
    if words_from is not None:
        _say_changes(result.changes, words_from.period.words())
    if kind.notice:
        print(f"LƯU Ý ({kind.title}, phiên bản {kind.version}): {kind.notice}")
    for note in [*result.notes, *notes]:
        print(f"LƯU Ý: {note}")
    print(f"Đã tạo {args.output}")
    print(_checked_words(report, args.output))
    return 0


def _one_previous(before: Sequence[Report], period: Any) -> str:
    return (
        f"chỉ một tệp --from là kỳ trước; các tệp --from khác phải là các kỳ nằm trong {period.words()} "
        f"(đã cho {', '.join(r.period.words() for r in before)})."
    )


def _say_changes(changes: Sequence[Any], source: str) -> None:
    """List what was rewritten in the words taken from ``source`` (a period's words)."""
    if not changes:
        print("Không có từ chỉ kỳ hay thời hạn nào phải đổi trong phần chữ giữ lại từ kỳ trước.")
        return
    print(f"Đã sửa {len(changes)} chỗ trong phần chữ lấy từ {source}:")
    for c in changes:
        where = f"{c.field}, {c.where}" if c.where else c.field
        print(f"  - [{where}] {c.description}")


def _inside(part: Any, whole: Any) -> bool:
    """True when the period ``part`` lies within ``whole`` and is not it (a quarter of a year)."""
    (a, b), (c, d) = part.cutoff(), whole.cutoff()
    return bool(c <= a and b <= d and part != whole)


def _checked_words(report: Report, path: Path) -> str:
    """Say in one line what the checks find in a file just made (the figures and the words)."""
    errors, warnings = _counted(report)
    if not errors and not warnings:
        return "Kiểm tra tệp mới: không có vấn đề nào."
    counts = f"{errors} lỗi, {warnings} lưu ý" if errors else f"{warnings} lưu ý"
    return f"Kiểm tra tệp mới: {counts} cần xem lại; xem từng chỗ: {_check_command(path)}"


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
    from desktop_app.cli_store import open_store

    with open_store(_db_path(args)) as store:
        print(store.backup())
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop_app.storage import restore_backup

    since = _saved_since(_db_path(args), args.file)
    saved = restore_backup(args.file, _db_path(args))
    print(f"Đã khôi phục {_db_path(args)} từ {args.file}.")
    if saved is not None:
        print(f"Dữ liệu trước khi khôi phục được giữ ở {saved}")
    if since and saved is not None:  # the app asks first and names them; here they are named after
        print(f"LƯU Ý: {len(since)} báo cáo tạo hoặc sửa sau bản sao lưu ấy nay không còn như trước:")
        for line in since[:LISTED_SINCE]:
            print(f"  - {line}")
        if len(since) > LISTED_SINCE:
            print(f"  - … và {len(since) - LISTED_SINCE} báo cáo khác")
        print(
            f"Muốn lấy lại báo cáo nào: soanbaocao --db «{saved}» export SỐ -o bc.json, "
            "rồi soanbaocao import bc.json."
        )
    return 0


LISTED_SINCE = 20


def _saved_since(db: Path, backup: Path) -> list[str]:
    """What restoring ``backup`` over ``db`` takes away or sets back, a line per report (none
    when the database cannot be opened: the restore says why, or there is nothing to lose)."""
    from desktop_app.cli_store import open_store
    from desktop_app.storage import StorageError

    if not db.is_file():
        return []
    try:
        with open_store(db) as store:
            return [
                f"số {info.id}, {info.label}: "
                + ("tạo sau bản sao lưu, không còn trong danh sách" if new else "sửa sau, đã trở về bản cũ")
                for info, new in store.saved_since(backup)
            ]
    except StorageError:
        return []


def cmd_export_all(args: argparse.Namespace) -> int:
    from desktop_app.cli_store import open_store

    with open_store(_db_path(args)) as store:
        store.export_all(args.output)
    print(f"Đã xuất toàn bộ dữ liệu ra {args.output}")
    return 0


def cmd_import_all(args: argparse.Namespace) -> int:
    from desktop_app.cli_store import open_store

    with open_store(_db_path(args)) as store:
        summary = store.import_all(args.input, merge=args.merge)
    print(summary.describe())
    return 1 if summary.damaged else 0  # done, but not all of it: say so to a script too


def cmd_reports(args: argparse.Namespace) -> int:
    from desktop_app.cli_store import open_store
    from desktop_app.storage import STATUS_LABELS

    with open_store(_db_path(args)) as store:
        reports = store.list_reports(include_deleted=args.bin)
        units = {u.id: u.unit.ten_goi for u in store.units(include_inactive=True)}
    if args.bin:
        reports = [r for r in reports if r.deleted_at is not None]
    empty = "Thùng rác trống." if args.bin else "Chưa có báo cáo nào."
    print("Số\tĐơn vị\tLoại\tKỳ\tTrạng thái\tCập nhật" if reports else empty)
    for r in reports:
        state = f"Hỏng ({r.damaged})" if r.damaged else STATUS_LABELS.get(r.status, r.status)
        unit = units.get(r.unit_id, "")
        print(f"{r.id}\t{unit}\t{r.kind}\t{r.label}\t{state}\t{_local(r.updated, '%d/%m/%Y %H:%M')}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from desktop_app.cli_store import open_store

    if args.output.suffix.lower() != ".json":
        raise OutputError(f"Tệp ra «{args.output.name}» phải có đuôi .json.")
    with open_store(_db_path(args)) as store:
        store.export_report(args.report, args.output)
    print(f"Đã xuất báo cáo số {args.report} ra {args.output}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from desktop_app.cli_store import open_store

    with open_store(_db_path(args)) as store:
        report_id = store.import_report(args.file, args.unit)
        info = store.report_info(report_id)
        same = store.same_period(report_id)
    print(f"Đã nhập thành báo cáo số {report_id} ({info.label}).")
    if same:  # the app says so too: two rows alike are easily mixed up
        numbers = ", ".join(f"số {r.id} (lưu lúc {_local(r.updated, '%d/%m/%Y %H:%M')})" for r in same)
        print(
            f"LƯU Ý: đơn vị này đã có báo cáo {info.label} cùng loại: {numbers}. Nếu đây là tệp nhập lại "
            "hay một bản gửi lại, hãy xóa bản thừa («soanbaocao delete SỐ») để khỏi sửa hay gửi nhầm."
        )
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from desktop_app.cli_store import open_store

    with open_store(_db_path(args)) as store:
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
    from desktop_app.cli_store import open_store
    from desktop_app.document.render import SAME_DATA_OTHER_FILE, reproduce

    if args.output.suffix.lower() != ".docx":
        raise OutputError(f"Tệp ra «{args.output.name}» phải có đuôi .docx.")
    with open_store(_db_path(args)) as store:
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
    from desktop_app.cli_store import open_store

    with open_store(_db_path(args)) as store:
        if store.report_info(args.report).deleted_at is not None:
            print(f"Báo cáo số {args.report} đã ở trong Thùng rác từ trước: không đổi gì.")
            return 0
        store.delete_report(args.report)
    print(
        f"Đã chuyển báo cáo số {args.report} vào Thùng rác («soanbaocao undelete {args.report}» để lấy lại)."
    )
    return 0


def cmd_undelete(args: argparse.Namespace) -> int:
    from desktop_app.cli_store import open_store

    with open_store(_db_path(args)) as store:
        if store.report_info(args.report).deleted_at is None:
            print(f"Báo cáo số {args.report} không ở trong Thùng rác: không đổi gì.")
            return 0
        store.restore_report(args.report)
    print(f"Đã lấy báo cáo số {args.report} ra khỏi Thùng rác.")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "kinds": cmd_kinds,
    "kind": cmd_kind,
    "check": cmd_check,
    "render": cmd_render,
    "new": cmd_new,
    "rollup": cmd_rollup,
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
    vietnamese_output()
    args = build_parser().parse_args(argv)
    if args.self_test:
        from desktop_app.selftest import main as self_test

        return self_test()
    if args.command is None:
        return _start_app(args)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # «soanbaocao reports | head -3»: the reader has all it wanted
        _stdout_to_nowhere()
        return 1
    except Exception as exc:
        return _said_plainly(exc)


def vietnamese_output() -> None:
    """Write standard output and error in UTF-8 where their encoding cannot hold Vietnamese.

    Windows writes a redirected or piped output («soanbaocao backup > nhat_ky.txt», a scheduled
    task's log) in the code page of its locale: 1252, or 1258, which has no «ễ» either. Every
    message naming «Nguyễn Văn Ánh» then stopped the command with a traceback after its work was
    done (a backup made, a report imported: done twice when tried again). The console itself,
    and any UTF-8 stream, is left as it is.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not _holds_vietnamese(stream.encoding):
            stream.reconfigure(encoding="utf-8")


def _holds_vietnamese(encoding: str) -> bool:
    try:
        "Nguyễn Văn Ánh, Đắk Lắk, Thừa Thiên Huế".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _stdout_to_nowhere() -> None:
    """Send what is still buffered for standard output nowhere: flushing it at exit into the
    closed pipe would raise again, with a traceback."""
    nowhere = os.open(os.devnull, os.O_WRONLY)
    os.dup2(nowhere, sys.stdout.fileno())
    os.close(nowhere)


def _said_plainly(exc: Exception) -> int:
    """Print a known error in Vietnamese and return 2; raise anything else (a bug) again."""
    problems = getattr(exc, "problems", None)
    answers = sys.modules.get("desktop_app.report.answers")
    if answers is not None and isinstance(exc, answers.AnswerFileError) and problems is not None:
        print("Tệp trả lời có lỗi:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    loaded = tuple(getattr(sys.modules[m], name) for m, name in PLAIN_ERRORS if m in sys.modules)
    if not isinstance(exc, loaded):
        raise exc
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
