"""``soanbaocao rollup``: the parent's report from its units' answer files, or a year from its quarters.

::

    soanbaocao rollup --kind bao_cao_kstthc --period quy:1/2025 --unit-from tinh.json \\
        --units don_vi.txt thu_den/ cac_xa.zip -o tong_hop.json --excel bieu.xlsx

It prints the table of what arrived (file, unit, period, kind, the errors and warnings of
``check``, what was done with it), the listed units that sent nothing and the notes of the
roll-up. Exit code 0 when a report was written (some files may have been refused: they are
named), 1 when nothing could be rolled up (nothing is written), 2 when the command itself is
wrong (kind, period, files given).

``--units FILE``: text as Windows' Notepad or Excel saves it (UTF-8, UTF-16, «ANSI», TCVN3…:
:mod:`desktop_app.system.text_files`), one unit a line, as its reports name it (tên cơ quan, e.g.
"SỞ TƯ PHÁP", or tên gọi, "Sở Tư pháp"); blank lines and lines starting with "#" are skipped.

``--predecessors FILE``: text read the same way, one unit of today a line with the names it had
or the units it succeeded (:func:`desktop_app.report.lineage.parse_lineage`)::

    UBND xã Tân Phú <- UBND xã Phú An; UBND xã Phú Bình

The global ``--db DB`` adds the successions and former names kept in that database.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.system.files import OutputError

if TYPE_CHECKING:  # the command imports the core when it runs: the app's start never needs it
    from desktop_app.report.lineage import Lineage
    from desktop_app.report.periods import Period
    from desktop_app.report.rollup_plan import Line, Parent, RollupRun

COLUMNS = ("Tệp", "Đơn vị", "Kỳ", "Loại", "Lỗi", "Lưu ý", "Xử lý")
# The widest each column may be (0: the last, never cut); a column is as wide as its longest cell.
WIDTHS = (34, 26, 21, 24, 4, 6, 0)  # «Kỳ»: «6 tháng cuối năm 2025» whole
MODE_WORDS = {"units": "các đơn vị → đơn vị tổng hợp", "periods": "các kỳ → kỳ dài hơn"}


def add_parser(sub: Any) -> None:
    p = sub.add_parser("rollup", help="tổng hợp báo cáo của các đơn vị (hoặc các kỳ) thành một báo cáo")
    p.add_argument("--kind", required=True, help="loại văn bản (xem «soanbaocao kinds»)")
    p.add_argument("--period", required=True, help="kỳ tổng hợp: quy:1/2025, nam:2025…")
    p.add_argument(
        "--unit-from", type=Path, help="tệp trả lời của đơn vị tổng hợp (cơ quan, văn bản, phần chữ)"
    )
    p.add_argument("--units", type=Path, help="danh sách đơn vị trực thuộc: tệp chữ, mỗi dòng một đơn vị")
    p.add_argument(
        "--predecessors",
        type=Path,
        metavar="TỆP",
        help="đơn vị kế thừa: tệp chữ, mỗi dòng «TÊN MỚI <- TÊN CŨ 1; TÊN CŨ 2» (đổi tên, sáp nhập)",
    )
    p.add_argument("inputs", type=Path, nargs="+", metavar="ĐẦU_VÀO", help="tệp .json, thư mục, tệp .zip")
    p.add_argument("-o", "--output", type=Path, required=True, help="tệp .json sẽ tạo")
    p.add_argument("--excel", type=Path, help="cũng lưu các biểu (mỗi đơn vị một dòng) thành tệp .xlsx")


def cmd_rollup(args: argparse.Namespace) -> int:
    from desktop_app.report import catalogue
    from desktop_app.report.arrivals import read_inputs
    from desktop_app.report.kinds import KindError
    from desktop_app.report.lineage import LineageError
    from desktop_app.report.periods import Period, PeriodError
    from desktop_app.report.rollup_plan import RollupError, roll_up_begun

    for path, suffix in ((args.output, ".json"), (args.excel, ".xlsx")):
        if path is not None and path.suffix.lower() != suffix:
            raise OutputError(f"Tệp ra «{path.name}» phải có đuôi {suffix}.")
    _refuse_overwriting_inputs(args.output, args.inputs)
    try:
        period = Period.parse(args.period)
        kind_id = catalogue.family(args.kind).id  # built in or own; the version follows the period
        if args.excel is not None:
            _refuse_excel_without_forms(kind_id, period)
        names = _unit_names(args.units)
        parent = _parent(args.unit_from)
        lineage = _lineage(args.predecessors, getattr(args, "db", None))
        with roll_up_begun(read_inputs(args.inputs), kind_id, period, parent, names, lineage) as begun:
            written = _write_outputs(begun.run, args)  # while the workers read the units' texts
            run = begun.finished()
    except (PeriodError, RollupError, KindError, LineageError) as exc:
        print(f"Lỗi: {exc}")
        return 2
    print_table(run.lines)
    if run.missing:
        print(f"\nĐơn vị chưa gửi báo cáo ({len(run.missing)}): {', '.join(run.missing)}.")
    if run.report is None or run.mode is None or written is None:
        print(f"\n{run.problem or 'Không có báo cáo nào tính được.'} Không tạo tệp.")
        return 1
    for note in run.notes:
        print(f"LƯU Ý: {note}")
    if written.saved:
        what = f"{written.counted} nguồn ({MODE_WORDS[run.mode]}), {period.words()}"
        print(f"\nĐã tổng hợp {what}: đã tạo {args.output}")
    if written.failure is not None:
        raise written.failure
    if args.excel is not None:
        print(f"Đã tạo {args.excel}")
    return 0


def _refuse_excel_without_forms(kind_id: str, period: Period) -> None:
    """``--excel`` for a kind whose version of ``period`` has no forms (a plan) is a wrong command:
    refused before anything is read or written, as ``render --excel`` is."""
    from desktop_app.document.forms import forms_for_kind
    from desktop_app.report import catalogue

    if not forms_for_kind(catalogue.in_force(kind_id, period)):
        title = catalogue.family(kind_id).title
        raise OutputError(f"{title} không có biểu thống kê nào để lưu thành Excel: hãy bỏ --excel.")


def _refuse_overwriting_inputs(output: Path, inputs: Sequence[Path]) -> None:
    """A unit's file must never be replaced by the roll-up: ``-o`` naming an input is refused."""
    if not output.exists():
        return
    for given in inputs:
        if given.exists() and (
            output.samefile(given) or (given.is_dir() and given.resolve() in output.resolve().parents)
        ):
            raise OutputError(
                f"Tệp ra «{output.name}» là một tệp đầu vào (trong «{given.name}»): ghi ra đó sẽ mất tệp của "
                "đơn vị. Hãy chọn tên hoặc thư mục khác."
            )


@dataclass(frozen=True)
class _Written:
    """What the command wrote: the report (``saved``), and why it stopped, if it did."""

    counted: int
    saved: bool
    failure: Exception | None = None


def _write_outputs(run: RollupRun, args: argparse.Namespace) -> _Written | None:
    """Write the roll-up's report and, when asked, its forms; None when there is no report.

    An error is kept to be raised once the table of the files is printed (as when the files
    were written after it): the official sees what arrived whatever became of the outputs.
    """
    from desktop_app.document.forms import forms_for_kind, with_rollup_forms
    from desktop_app.report import catalogue
    from desktop_app.report.answers import save_answer_file

    if run.report is None or run.mode is None:
        return None
    report = with_rollup_forms(run.report)
    counted = len(report.rollup.sources) if report.rollup else 0
    saved = False
    try:
        save_answer_file(report, args.output, datetime.now())
        saved = True
        if args.excel is not None:
            from desktop_app.document.excel import write_form_workbook

            forms = forms_for_kind(catalogue.kind_of(report))  # the version's forms (cấp huyện or not)
            if not forms:
                raise OutputError(
                    f"Loại văn bản «{report.kind}» không có biểu thống kê nào để lưu thành Excel."
                )
            write_form_workbook(args.excel, forms, None, report)
    except Exception as exc:  # raised after the table
        return _Written(counted, saved, exc)
    return _Written(counted, True)


def _unit_names(path: Path | None) -> list[str] | None:
    """Read ``--units FILE`` within the size the longest list can take (a wrong file is refused
    before it is read: a film given by mistake used to be read whole into memory)."""
    from desktop_app.report.rollup_plan import UNIT_LIST_BYTES, RollupError, parse_unit_names

    if path is None:
        return None
    return parse_unit_names(_read_list(path, UNIT_LIST_BYTES, "Danh sách đơn vị", RollupError))


def _read_list(path: Path, limit: int, label: str, error: type[ValueError]) -> str:
    """A list an official wrote (text as Notepad or Excel saves it: UTF-8, UTF-16, «ANSI», TCVN3…),
    read within ``limit`` bytes; ``error`` says why not."""
    from desktop_app.system.safe_read import UnsafeFileError
    from desktop_app.system.text_files import read_text_file

    try:
        read = read_text_file(path, limit)
    except UnsafeFileError as exc:
        raise error(f"{label}: {exc}") from exc
    if read.converted:
        print(f"LƯU Ý: {label}: {read.notice(path.name)}", file=sys.stderr)
    return read.text


def _lineage(path: Path | None, db: Path | str | None) -> Lineage:
    """The successions of ``--db`` (when given) and of ``--predecessors FILE`` (which wins)."""
    from desktop_app.report.lineage import LINEAGE_BYTES, Lineage, LineageError, parse_lineage

    lineage = Lineage()
    if db is not None:
        from desktop_app.cli_store import open_store

        if not Path(db).is_file():  # opening would create an empty database where none was meant
            raise LineageError(f"Không có cơ sở dữ liệu «{db}».")
        with open_store(Path(db)) as store:
            lineage = store.lineage()
    if path is None:
        return lineage
    text = _read_list(path, LINEAGE_BYTES, "Danh sách đơn vị kế thừa", LineageError)
    try:
        return lineage.merged(parse_lineage(text))
    except LineageError as exc:
        raise LineageError(f"Danh sách đơn vị kế thừa «{path.name}»: {exc}") from exc


def _parent(path: Path | None) -> Parent | None:
    from desktop_app.report.answers import load_answer_file
    from desktop_app.report.rollup_plan import Parent

    if path is None:
        return None
    own = load_answer_file(path)
    return Parent(own.unit, own.document, own)


def print_table(lines: Sequence[Line]) -> None:
    """Print what arrived, one line per file, in columns."""
    from desktop_app.report.rollup_plan import STATUS_WORDS

    rows = [COLUMNS] + [
        (
            line.arrival.name,
            line.unit,
            line.period,
            line.kind_id,
            str(line.errors) if line.arrival.report else "",
            str(line.warnings) if line.arrival.report else "",
            f"{STATUS_WORDS[line.status]}: {line.reason}",
        )
        for line in lines
    ]
    widths = tuple(most and min(most, max(len(row[i]) for row in rows)) for i, most in enumerate(WIDTHS))
    for row in rows:
        print(_row(row, widths))


def _row(cells: tuple[str, ...], widths: tuple[int, ...]) -> str:
    """The cells padded to their columns; a long file name keeps its end, other texts their start."""
    out = []
    for i, (text, width) in enumerate(zip(cells, widths, strict=True)):
        if width and len(text) > width:
            text = "…" + text[-(width - 1) :] if i == 0 else text[: width - 1] + "…"
        out.append(text.ljust(width) if width else text)
    return "  ".join(out)
