"""The ``soanbaocao`` command: headless use of the core, and the app with no arguments.

soanbaocao                                  open the app
soanbaocao kinds                            list the report kinds
soanbaocao check FILE.json [--json]         check a report
soanbaocao render FILE.json -o OUT.docx     produce the Word document
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop_app import APP_NAME, __version__
from desktop_app.answers import AnswerFileError, load_answer_file
from desktop_app.checks import check
from desktop_app.files import OutputError
from desktop_app.kinds import KindError, kind_ids, load_kind
from desktop_app.render import RenderError, render_report

SEVERITY_WORDS = {"error": "LỖI", "warning": "LƯU Ý"}


class VietnameseParser(argparse.ArgumentParser):
    """An argument parser whose own messages are in Vietnamese."""

    def error(self, message: str) -> None:  # type: ignore[override]
        message = message.replace("the following arguments are required", "thiếu tham số")
        message = message.replace("invalid choice", "lựa chọn không hợp lệ")
        message = message.replace("unrecognized arguments", "tham số không hiểu")
        self.exit(2, f"{self.prog}: lỗi: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(prog="soanbaocao", description=f"{APP_NAME} {__version__}")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--db", type=Path, help="tệp cơ sở dữ liệu (mặc định: thư mục dữ liệu của người dùng)"
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    sub.add_parser("kinds", help="liệt kê các loại văn bản")
    p = sub.add_parser("check", help="kiểm tra số liệu của một báo cáo")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p = sub.add_parser("render", help="tạo văn bản Word từ tệp trả lời")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, help="tệp .docx sẽ tạo")
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
    if args.output.suffix.lower() != ".docx":
        raise OutputError(f"Tệp ra «{args.output.name}» phải có đuôi .docx.")
    report = load_answer_file(args.file)
    render_report(report, args.output)
    print(f"Đã tạo {args.output}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "kinds": cmd_kinds,
    "check": cmd_check,
    "render": cmd_render,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; with no command, open the app."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        return _start_app(args)
    try:
        return COMMANDS[args.command](args)
    except AnswerFileError as exc:
        print("Tệp trả lời có lỗi:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    except (KindError, RenderError, OutputError) as exc:
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
