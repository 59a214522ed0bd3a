"""Time in the text: period words, date ranges, and the document's own date.

Rule 1, period words. "tháng 01 năm 2024", "quý II/2024", "6 tháng đầu năm 2024", "9 tháng năm
2024", "năm 2023" that name a period sharing no day with the report's (by the data cut-off
ranges) are a warning, with a fix that writes the report's period in the same form (in a year's
plan, a quarter, month or half-year keeps its part and takes the plan's year: "Quý IV/2025" in
the plan of 2027 becomes "Quý IV/2027", when the task is due). In a
section the kind marks ``next_period`` the period after the report's is expected too, and the fix
writes that one. Not flagged: a period the sentence puts in the past before it ("so với quý II",
"cùng kỳ", "năm trước" …), and a later period the sentence puts ahead ("đến năm 2030",
"giai đoạn", "sẽ" …).

Rule 1c, a document of an earlier year. A document cited as being about the report's year
("Kế hoạch số 302/KH-UBND ngày 30/12/2025 của UBND tỉnh về kiểm soát TTHC năm 2027") but dated two
years or more before it is the earlier year's, its number and date carried while the prefill moved
the year: a warning, without a fix.

Rule 2, date ranges. "từ 15/3/2024 đến 14/3/2024" ending before it starts is an error; a range
the sentence calls the data ("số liệu", "chốt", "kỳ báo cáo") that is not the period's cut-off is
a warning, with a fix that writes the cut-off's dates in the range's own form (the range a carried
paragraph still gives for the previous period: the prefill moves period words, not dates). So is
a data date before the period begins ("số liệu tính đến ngày 14/9/2025" in quý IV), fixed to the
cut-off's last day; a later one is not (figures as of the day of writing).

Rule 1b, deadlines gone by. In a text that speaks of what is to be done (every text of a plan,
``plans_ahead``; a ``next_period`` section of a report), a deadline ("Trước ngày 31/01/2026",
"Hạn: 15/3/2026", a table cell holding only "31/01/2026": :func:`~desktop_app.report.prefill.is_deadline`)
that falls before the period's data cut-off begins is left from an earlier year: a warning, with
a fix that moves it by whole years when that brings it into the period (a plan's). A report's
tasks are those of the period after it, so there a deadline up to the end of the report's own
cut-off has gone by as well («hoàn thành trước ngày 31/12/2026» carried from December's tasks
into the tasks of tháng 02/2027 written in the January report).

Rule 1d, a column of deadlines (a table column the kind marks ``deadline = true``, a plan's
«Thời gian hoàn thành»). There every date, month, quarter, half-year and year is a deadline,
wherever it stands in the cell («30/6/2026 và 15/12/2026», «Hằng quý, trước ngày 10/3, 10/6,
10/9, 10/12/2026», «Tháng 6, 12/2026»), save a cited document's
(:func:`~desktop_app.report.prefill.cited_in_deadline`); one that ends before the period's data
cut-off begins (a year's plan: before its 1 January), with the others of its year in the cell,
is one warning naming the row, the column and the cell's text, with a fix moving each into the
period. Rules 1 and 1b leave such
cells to it.

Rule 6, the issue date. Dated on or before the last day of the cut-off (the figures could not be
final: Nghị định 09/2019 leaves at least one working day after it), in the future, or more than
the kind's ``issue_deadline_days`` after the cut-off: a warning each. A plan (``plans_ahead``) is
dated before its period ends and is only checked for a future date.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache

from desktop_app.report.answers import Report
from desktop_app.report.content.texts import Finding, Fix, Piece
from desktop_app.report.content.words import (
    Cue,
    Trigger,
    date_group,
    date_parts,
    future_before,
    has_four_digits,
    may_hold,
    number_starts,
    past_before,
    per_text,
    real_date,
    scan,
    sentence_start,
)
from desktop_app.report.kinds import Kind
from desktop_app.report.periods import Period, PeriodError
from desktop_app.report.prefill import cited_in_deadline, is_deadline, move_period_text
from desktop_app.vnformat import format_day_month, format_short_date

_FLAGS = re.IGNORECASE
_YEAR = r"(?:19|20|21)\d\d(?!\d)"
_TAIL = r"\s*(?:/\s*(?P<{p}1>" + _YEAR + r")|(?:[-–,]\s*)?năm\s+(?P<{p}2>" + _YEAR + r"))"
PERIOD_WORDS = re.compile(
    r"(?P<date>(?<!\w)ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
    r"|(?P<numdate>(?<![\d/])\d{1,2}/\d{1,2}/\d{4})"
    r"|(?P<half>(?<![\w/])(?:6|06|sáu)\s+tháng\s+(?P<half_word>đầu|cuối)\s+năm\s+(?P<half_year>"
    + _YEAR
    + "))"
    r"|(?P<nine>(?<![\w/])(?:9|09|chín)\s+tháng\s+(?:đầu\s+)?năm\s+(?P<nine_year>" + _YEAR + "))"
    r"|(?P<quarter>(?<!\w)qu[ýí]\s+(?P<q>IV|I{1,3}|[1-4])(?!\w)" + _TAIL.format(p="qy") + ")"
    r"|(?P<month>(?<!\w)tháng\s+(?P<m>\d{1,2})(?!\d)" + _TAIL.format(p="my") + ")"
    r"|(?P<year>(?<!\w)năm\s+(?P<y>" + _YEAR + "))",
    _FLAGS,
)
# Where a period word, a date or a range can begin: the first word of each alternative above.
_PERIOD_START = Trigger(("ngày", "quý", "quí", "tháng", "năm", "sáu", "chín"), numbers=True)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_PARTS_OF_A_YEAR = ("quy", "thang", "6thang", "9thang")
_RANGE = re.compile(
    r"(?<!\w)từ\s+(?:ngày\s+)?" + date_group("a") + r"\s*(?:đến|tới)\s+(?:hết\s+)?(?:thời\s+điểm\s+)?"
    r"(?:ngày\s+)?" + date_group("b") + r"|(?<![\d/])(?P<pa>\d{1,2}/\d{1,2}/\d{4})\s*[-–]\s*"
    r"(?P<pb>\d{1,2}/\d{1,2}/\d{4})(?![\d/])",
    _FLAGS,
)
_RANGE_START = Trigger(("từ",), numbers=True)
# The data given "as of" one day ("số liệu tính đến ngày 14/9/2025", "chốt đến hết 14/6/2025").
_AS_OF = re.compile(
    r"(?<!\w)(?:đến|tới)\s+(?:hết\s+)?(?:thời\s+điểm\s+)?(?:ngày\s+)?" + date_group("a"), _FLAGS
)
_AS_OF_START = Trigger(("đến", "tới"), numbers=False)
_DATA_CUE = Cue(r"số\s+liệu|chốt|kỳ\s+báo\s+cáo|thời\s+gian\s+báo\s+cáo")
# A cited document's number ("số 11/KH-UBND", "345/BC-VP", "01/2020/TT-VPCP"): a period word after
# it in the same clause belongs to that document's title ("Kế hoạch … năm 2023"), not to the report.
_DOCUMENT_NUMBER = re.compile(r"(?<![\w/])\d+/(?:\d{4}/)?[A-ZĐ][\w&-]*")
_DEADLINE_DATE = re.compile(
    r"(?P<spelled>(?<!\w)ngày\s+(?P<sd>\d{1,2})\s+tháng\s+(?P<sm>\d{1,2})\s+năm\s+(?P<sy>\d{4}))"
    r"|(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?![\d/])",
    _FLAGS,
)
# The date of a cited document, right after its number: "302/KH-UBND ngày 30/12/2025".
_CITED_DATE = re.compile(r"\s*,?\s*(?:ngày\s+)?" + date_group("c"), _FLAGS)
_ESTIMATE = Cue(r"ước\s+tính|ước\s+thực\s+hiện|số\s+liệu\s+ước|dự\s+kiến\s+đến")


# ---------------------------------------------------------------- rule 1: period words


def period_word_findings(report: Report, texts: list[Piece], ahead: bool = False) -> Iterator[Finding]:
    """Rule 1 over every piece; ``ahead``: the kind plans ahead (a quarter or month of an earlier
    year in a year's plan is fixed to the same part of the plan's year: when the task is due)."""
    begins = deadlines_begin(report.period, ahead)
    for piece in texts:
        for match, found in period_words(piece.text):
            if not (_reads_deadlines(piece, ahead) and found.cutoff()[1] < begins):  # rule 1d's
                yield from _judge_period(report.period, piece, match, found, ahead)
            yield from _stale_citation(report.period, piece, match, found)


@per_text
def period_words(text: str) -> tuple[tuple[re.Match[str], Period], ...]:
    """The period words of ``text`` and the period each names (read once per text: the same
    paragraph comes back in every unit's copy of a text and at every check in the wizard)."""
    if not has_four_digits(text):  # each names a year in digits
        return ()
    found = ((match, _period_of(match)) for match in scan(PERIOD_WORDS, _PERIOD_START, text))
    return tuple((match, period) for match, period in found if period is not None)


def _period_of(match: re.Match[str]) -> Period | None:
    """Return the period a match names; None for a date, or numbers that are no period."""
    try:
        if match["half"]:
            return Period("6thang", int(match["half_year"]), 1 if match["half_word"].lower() == "đầu" else 2)
        if match["nine"]:
            return Period("9thang", int(match["nine_year"]))
        if match["quarter"]:
            number = _ROMAN.get(match["q"].upper()) or int(match["q"])
            return Period("quy", int(match["qy1"] or match["qy2"]), number)
        if match["month"]:
            return Period("thang", int(match["my1"] or match["my2"]), int(match["m"]))
        if match["year"]:
            return Period("nam", int(match["y"]))
    except (PeriodError, ValueError):
        return None
    return None


def overlaps(a: Period, b: Period) -> bool:
    """True when the two periods' data cut-off ranges share a day."""
    a_start, a_end = a.cutoff()
    b_start, b_end = b.cutoff()
    return a_start <= b_end and b_start <= a_end


def _next(period: Period) -> Period | None:
    try:
        return period.following()
    except PeriodError:
        return None


def _judge_period(
    report_period: Period, piece: Piece, match: re.Match[str], found: Period, ahead: bool = False
) -> Iterator[Finding]:
    upcoming = _next(report_period) if piece.next_period else None
    if overlaps(found, report_period) or (upcoming is not None and overlaps(found, upcoming)):
        return
    text, start = piece.text, match.start()
    later = found.cutoff()[0] > report_period.cutoff()[1]
    if later and (_ahead(text, start) or (piece.next_period and upcoming is None)):
        return
    if not later and _behind(text, start, match.end()):
        return
    if _in_citation(text, start):
        return
    target = upcoming or report_period
    if ahead and target.type == "nam" and found.type in _PARTS_OF_A_YEAR:
        target = replace(found, year=target.year)  # "Quý IV/2025" in the plan of 2027: Quý IV/2027
    words = match[0]
    what = "kỳ tiếp theo" if upcoming is not None else "kỳ báo cáo"
    message = f"«{words}» không phải {what}: {(upcoming or report_period).words()}."
    after = _replacement(words, found, target)
    fix = piece.fix(match.start(), match.end(), after) if after else None
    yield Finding((piece.field,), "warning", piece.says(message), "ky_trong_van_ban", fix)


@per_text
def _ahead(text: str, start: int) -> bool:
    """The sentence puts what stands at ``start`` ahead ("đến năm 2030"): kept per text and place."""
    return future_before(text, start)


@per_text
def _behind(text: str, start: int, end: int) -> bool:
    """The sentence puts the period word at ``start``–``end`` in the past ("so với quý II")."""
    return past_before(text, start) or _past_right_after(text, end)


@per_text
def _in_citation(text: str, start: int) -> bool:
    """True when a document number stands earlier in the clause (back to ";" or the sentence's start)."""
    first = max(sentence_start(text, start), text.rfind(";", 0, start) + 1)
    numbers = number_starts(text)  # a document number starts where a number does
    return any(
        _DOCUMENT_NUMBER.match(text, at, start) is not None
        for at in numbers[bisect_left(numbers, first) : bisect_left(numbers, start)]
    )


def _stale_citation(period: Period, piece: Piece, match: re.Match[str], found: Period) -> Iterator[Finding]:
    """Rule 1c: a document cited as being about the report's year ("Kế hoạch số 302/KH-UBND ngày
    30/12/2025 của UBND tỉnh về kiểm soát TTHC năm 2027") but dated two years or more before it.
    The prefill moves the year of a carried opening and cannot know the new document's number and
    date: those are the earlier year's. No fix: only the official knows the new ones."""
    if found.type != "nam" or found.year != period.year or not _in_citation(piece.text, match.start()):
        return
    if _ahead(piece.text, match.start()):  # "… giai đoạn 2021-2030", "đến năm 2027": a programme
        return
    cited = _cited_document(piece.text, match.start())
    if cited is None or cited[1].year >= found.year - 1:
        return
    words, day, end = cited
    between = piece.text[end : match.start()]
    if _CITATION_ENDS.search(between) or _SENTENCES_YEAR.search(between):
        return  # the year is not of the cited document's title
    message = (
        f"«{words}» được dẫn là văn bản về {found.words()} nhưng ban hành năm {day.year}: số, ngày "
        f"của văn bản cũ còn để lại? Hãy ghi số, ngày của văn bản về {found.words()}."
    )
    yield Finding((piece.field,), "warning", piece.says(message), "van_ban_dan_cu")


# A citation ends at a comma, colon or «…» before the year (the year is then the sentence's: «Căn
# cứ Nghị định … ngày 08/6/2010…, Sở ban hành Kế hoạch … năm 2027»), or the year is the
# sentence's by the word before it («trong năm 2027»).
_CITATION_ENDS = re.compile(r"[,;:…]")
_SENTENCES_YEAR = re.compile(r"(?<!\w)(?:trong|đến|tới|từ|cho|vào|sang)\s*$", _FLAGS)


def _cited_document(text: str, start: int) -> tuple[str, date, int] | None:
    """The last document number before ``start`` in its clause, with the date written right after
    it ("302/KH-UBND ngày 30/12/2025", "số 5/2025/TT-VPCP ngày 31 tháng 12 năm 2025"), and where
    that date ends."""
    first = max(sentence_start(text, start), text.rfind(";", 0, start) + 1)
    numbers = number_starts(text)
    for at in reversed(numbers[bisect_left(numbers, first) : bisect_left(numbers, start)]):
        number = _DOCUMENT_NUMBER.match(text, at, start)
        if number is None:
            continue
        dated = _CITED_DATE.match(text, number.end(), start)
        parts = date_parts(dated, "c") if dated is not None else None
        day = real_date(parts[2], parts[1], parts[0]) if parts and parts[2] else None
        return (text[at : dated.end()], day, dated.end()) if dated is not None and day is not None else None
    return None


def _past_right_after(text: str, end: int) -> bool:
    """A period word followed by "(cùng kỳ)", "trước", "vừa qua" speaks of the past too."""
    return re.match(r"\s*\(?\s*(?:cùng\s+kỳ|trước|vừa\s+qua)(?!\w)", text[end : end + 30], _FLAGS) is not None


@lru_cache(maxsize=1024)
def _replacement(words: str, found: Period, target: Period) -> str:
    """Write ``target`` in the form of ``words`` ("Quý II/2024" → "Quý III/2025")."""
    if found.type == "nam":  # "Kế hoạch … năm 2024" in a quarter of 2025 means the year 2025
        return re.sub(r"\d{4}", str(target.year), words)
    moved, _ = move_period_text(words, found, target)
    return moved if moved != words else ""


# ---------------------------------------------------------------- rule 1b: deadlines gone by


def deadline_findings(report: Report, kind: Kind, texts: list[Piece]) -> Iterator[Finding]:
    """Rule 1b over the pieces that speak of what is to be done."""
    start, end = report.period.cutoff()
    upcoming = None if kind.plans_ahead else _next(report.period)
    target_end = upcoming.cutoff()[1] if upcoming is not None else end
    # A report's tasks are those of the period after it: a deadline gone by when its cut-off ended
    # («trước ngày 31/12/2026» of December's tasks, carried into January's) is stale too.
    begins = upcoming.cutoff()[0] if upcoming is not None else start
    for piece in texts:
        if not (kind.plans_ahead or piece.next_period) or piece.deadline:  # a deadline cell: rule 1d
            continue
        for match, found in past_deadlines(piece.text, begins):
            words = match[0]
            message = _gone_by_message(words, found, report.period, upcoming)
            moved = _into(found, begins, target_end)
            year = [("sy" if match["spelled"] is not None else "y", str(moved.year))] if moved else []
            fix = piece.fix(match.start(), match.end(), _rewritten(match, year)) if moved else None
            yield Finding((piece.field,), "warning", piece.says(message), "han_da_qua", fix)


def _gone_by_message(words: str, found: date, period: Period, upcoming: Period | None) -> str:
    start, end = period.cutoff()
    if found < start or upcoming is None:
        return (
            f"thời hạn «{words}» còn trước cả {period.words()} (tính từ ngày "
            f"{format_short_date(start)}): thời hạn của kỳ trước còn để lại?"
        )
    return (
        f"thời hạn «{words}» đã qua khi {period.words()} chốt số liệu (ngày {format_short_date(end)}), "
        f"không còn là việc của {upcoming.words()}: thời hạn của kỳ trước còn để lại?"
    )


@per_text
def past_deadlines(text: str, before: date) -> tuple[tuple[re.Match[str], date], ...]:
    """The deadlines of ``text`` that fall before ``before``, with their dates."""
    if not has_four_digits(text):
        return ()
    found = []
    for match in _DEADLINE_DATE.finditer(text):
        spelled = match["spelled"] is not None
        day, month, year = (match[g] for g in (("sd", "sm", "sy") if spelled else ("d", "m", "y")))
        when = real_date(int(year), int(month), int(day))
        if when is not None and when < before and is_deadline(text, match.start(), match.end(), spelled):
            found.append((match, when))
    return tuple(found)


def _into(when: date, start: date, end: date) -> date | None:
    """``when`` moved by the fewest whole years that bring it into ``start``–``end``, if any."""
    for years in range(1, end.year - when.year + 1):
        moved = real_date(when.year + years, when.month, when.day)  # 29/02 only in a leap year
        if moved is not None and start <= moved <= end:
            return moved
    return None


# ---------------------------------------------------------------- rule 1d: a column of deadlines

# A month or quarter written with its year alone in a deadline cell: "Tháng 6, 12/2026", "Quý I, III/2026".
_PART = re.compile(
    r"(?<![\w/])(?P<pn>IV|I{1,3}|0?[1-9]|1[0-2])\s*/\s*(?P<py>" + _YEAR + r")(?![\d/])", _FLAGS
)
_PART_START = Trigger(("i",), numbers=True)
_PERIOD_YEARS = ("half_year", "nine_year", "qy1", "qy2", "my1", "my2", "y")


def deadlines_begin(period: Period, plans_ahead: bool) -> date:
    """The first day a deadline of a column of deadlines may fall on: the period's cut-off start,
    or for a year's plan its 1 January (its tasks fall due in its own year: «15/12/2026» in the
    plan of 2027, though within its cut-off, is a deadline of the plan of 2026)."""
    if plans_ahead and period.type == "nam":
        return date(period.year, 1, 1)
    return period.cutoff()[0]


def _reads_deadlines(piece: Piece, plans_ahead: bool) -> bool:
    """True for a cell of a column of deadlines in a text that speaks of what is to be done."""
    return piece.deadline and (plans_ahead or piece.next_period)


def deadline_cell_findings(report: Report, kind: Kind, texts: list[Piece]) -> Iterator[Finding]:
    """Rule 1d: in a cell of a column the kind marks ``deadline = true`` every date, month, quarter,
    half-year and year that ends before :func:`deadlines_begin` is a deadline left from an
    earlier year, wherever it stands in the cell ("30/6/2026 và 15/12/2026", "Hằng quý, trước ngày
    10/3, 10/6, 10/9, 10/12/2026"), unless a cited document's (:func:`cited_in_deadline`); so is
    every other of the same year in that cell. One warning a cell, naming its text, with a fix that
    moves each by whole years into the period."""
    start = deadlines_begin(report.period, kind.plans_ahead)
    upcoming = None if kind.plans_ahead else _next(report.period)
    target = upcoming or report.period
    for piece in texts:
        if not _reads_deadlines(piece, kind.plans_ahead):
            continue
        references = deadline_references(piece.text)
        years = {when.year for _, when, _ in references if when < start}
        if not years:
            continue
        # "30/6/2026 và 15/12/2026" in the plan of 2027: the cell's 2026 goes whole, 15/12 with 30/6
        stale = [ref for ref in references if ref[1].year in years]
        words = ", ".join(f"«{piece.text[a:b]}»" for (a, b), _, _ in stale)
        cell = " ".join(piece.text.split())
        said = (
            f"thời hạn {words}"
            if len(stale) == 1 and words == f"«{cell}»"
            else f"thời hạn «{_short(cell)}» ghi {words}"
        )
        since = "" if (start.day, start.month) == (1, 1) else f" (tính từ ngày {format_short_date(start)})"
        message = f"{said} còn trước cả {report.period.words()}{since}: thời hạn của kỳ trước còn để lại?"
        fix = _cell_fix(piece, stale, target, start)
        yield Finding((piece.field,), "warning", piece.says(message), "han_da_qua", fix)


@per_text
def deadline_references(text: str) -> tuple[tuple[tuple[int, int], date, re.Match[str]], ...]:
    """The times a deadline cell names, not cited: each with its span, the last day it may mean
    for its own (a date: itself; a month, quarter, year: the end of its data cut-off), and its match."""
    if not has_four_digits(text):
        return ()
    found: list[tuple[tuple[int, int], date, re.Match[str]]] = []
    for match in _DEADLINE_DATE.finditer(text):
        spelled = match["spelled"] is not None
        day, month, year = (int(match[g]) for g in (("sd", "sm", "sy") if spelled else ("d", "m", "y")))
        when = real_date(year, month, day)
        if when is not None:
            found.append((match.span(), when, match))
    for match, period in period_words(text):
        found.append((match.span(), period.cutoff()[1], match))
    for match in scan(_PART, _PART_START, text):
        part = _part_period(match)
        if part is not None and not any(a < match.end() and match.start() < b for (a, b), _, _ in found):
            found.append((match.span(), part.cutoff()[1], match))
    return tuple(sorted((ref for ref in found if not cited_in_deadline(text, ref[0][0])), key=lambda r: r[0]))


def _part_period(match: re.Match[str]) -> Period | None:
    number = match["pn"]
    try:
        if number.isdigit():
            return Period("thang", int(match["py"]), int(number))
        return Period("quy", int(match["py"]), _ROMAN[number.upper()])
    except (PeriodError, ValueError):
        return None


def _cell_fix(
    piece: Piece, stale: list[tuple[tuple[int, int], date, re.Match[str]]], target: Period, begins: date
) -> Fix | None:
    """One fix over the stale references of a cell, each moved into ``target``; None when one cannot be."""
    first, last = stale[0][0][0], stale[-1][0][1]
    text = piece.text[first:last]
    for (a, b), _, match in reversed(stale):
        moved = _moved_reference(match, target, begins)
        if moved is None:
            return None
        text = text[: a - first] + moved + text[b - first :]
    return piece.fix(first, last, text)


def _moved_reference(match: re.Match[str], target: Period, start: date) -> str | None:
    """``match`` moved by the fewest whole years that bring it into ``target``, a date not before
    ``start`` (29/02 becomes 28/02)."""
    groups = match.re.groupindex
    if "spelled" in groups:
        spelled = match["spelled"] is not None
        names = ("sd", "sm", "sy") if spelled else ("d", "m", "y")
        day, month, year = (int(match[g]) for g in names)
        end = target.cutoff()[1]
        if target.type == "nam":  # a year's task is due by its last day: «15/12/2026» → «15/12/2027»
            end = date(end.year, 12, 31)
        for years in range(1, end.year - year + 1):
            moved = real_date(year + years, month, day) or real_date(year + years, month, day - 1)
            if moved is not None and start <= moved <= end:
                return _rewritten(
                    match, [(names[2], str(moved.year)), (names[0], _same_width(match[names[0]], moved.day))]
                )
        return None
    name = "py" if "py" in groups else next(g for g in _PERIOD_YEARS if match[g])
    period = _part_period(match) if name == "py" else _period_of(match)
    if period is None:
        return None
    for years in range(1, target.year - period.year + 2):
        with suppress(PeriodError):
            if overlaps(replace(period, year=period.year + years), target):
                return _rewritten(match, [(name, str(period.year + years))])
    return None


def _same_width(written: str, day: int) -> str:
    return f"{day:0{len(written)}d}"


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------- rule 2: date ranges


def date_range_findings(report: Report, texts: list[Piece]) -> Iterator[Finding]:
    """Rule 2 over every piece."""
    cut_start, cut_end = report.period.cutoff()
    for piece in texts:
        for match, (start, end) in date_ranges(piece.text):
            if end < start:
                message = (
                    f"khoảng ngày «{match[0]}» kết thúc trước khi bắt đầu "
                    f"(ngày {format_short_date(end)} trước ngày {format_short_date(start)})."
                )
                yield Finding((piece.field,), "error", piece.says(message), "khoang_ngay_nguoc")
            is_data = _DATA_CUE.found(piece.text, sentence_start(piece.text, match.start()), match.start())
            if is_data and (start, end) != (cut_start, cut_end) and not piece.next_period:
                message = (
                    f"khoảng số liệu «{match[0]}» khác thời gian chốt số liệu của {report.period.words()} "
                    f"(từ {format_short_date(cut_start)} đến {format_short_date(cut_end)})."
                )
                fix = piece.fix(match.start(), match.end(), _range_moved(match, cut_start, cut_end))
                yield Finding((piece.field,), "warning", piece.says(message), "khoang_so_lieu", fix)
        yield from _stale_as_of(report.period, piece)


def _stale_as_of(period: Period, piece: Piece) -> Iterator[Finding]:
    """A data date ("số liệu tính đến ngày 14/9/2025") before the period's cut-off begins: the
    previous period's, carried or copied. A later one is left alone: portal figures are often
    given as of the day of writing ("số liệu đến ngày 20/01/2024" in a January report)."""
    found = () if piece.next_period else as_of_dates(piece.text)
    if not found:  # most paragraphs: the cut-off is not worked out for them
        return
    cut_start, cut_end = period.cutoff()
    for match, day in found:
        text, start = piece.text, match.start()
        if day >= cut_start or not _DATA_CUE.found(text, sentence_start(text, start), start):
            continue
        if _behind(text, start, match.end()):
            continue
        message = (
            f"«{match[0]}»: số liệu tính đến một ngày trước {period.words()} (thời gian chốt số liệu "
            f"từ {format_short_date(cut_start)} đến {format_short_date(cut_end)})."
        )
        fix = piece.fix(match.start(), match.end(), _rewritten(match, _date_parts_of(match, "a", cut_end)))
        yield Finding((piece.field,), "warning", piece.says(message), "khoang_so_lieu", fix)


@per_text
def as_of_dates(text: str) -> tuple[tuple[re.Match[str], date], ...]:
    """The "đến (hết) (ngày) d/m/yyyy" of ``text`` outside a "từ … đến …" range, with their days."""
    if not has_four_digits(text) or not (may_hold(text, "đến") or may_hold(text, "tới")):
        return ()
    ranges = [match.span() for match, _ in date_ranges(text)]
    found = []
    for match in scan(_AS_OF, _AS_OF_START, text):
        parts = date_parts(match, "a")
        day = real_date(parts[2], parts[1], parts[0]) if parts and parts[2] else None
        if day is not None and not any(a <= match.start() < b for a, b in ranges):
            found.append((match, day))
    return tuple(found)


def _range_moved(match: re.Match[str], start: date, end: date) -> str:
    """Return the range ``match`` with its dates made ``start`` and ``end``, in its own form: only the
    day, month and year written there change ("từ 15/3 đến thời điểm 14/6/2024" → "từ 15/6 đến thời
    điểm 14/9/2024"; "ngày 15 tháng 3 năm 2024" keeps its words), by the Nghị định 30 rule of
    leading zeros."""
    if match["pa"]:
        parts = [("pa", format_short_date(start)), ("pb", format_short_date(end))]
    else:
        parts = [*_date_parts_of(match, "a", start), *_date_parts_of(match, "b", end)]
    return _rewritten(match, parts)


def _rewritten(match: re.Match[str], parts: list[tuple[str, str]]) -> str:
    """Return ``match``'s text with each named group of ``parts`` replaced by its words."""
    text, offset = match[0], match.start()
    for group, words in sorted(parts, key=lambda gw: match.start(gw[0]), reverse=True):
        text = text[: match.start(group) - offset] + words + text[match.end(group) - offset :]
    return text


def _date_parts_of(match: re.Match[str], prefix: str, day: date) -> list[tuple[str, str]]:
    """The groups of one date of a range, each with what it becomes for ``day``."""
    d, m = format_day_month(day)
    for names in (("d", "m", "y"), ("sd", "sm", "sy")):
        if match[prefix + names[0]] is not None:
            groups = [(prefix + names[0], d), (prefix + names[1], m)]
            return groups + ([(prefix + names[2], str(day.year))] if match[prefix + names[2]] else [])
    return []


@per_text
def date_ranges(text: str) -> tuple[tuple[re.Match[str], tuple[date, date]], ...]:
    """The date ranges of ``text`` with their first and last days (read once per text)."""
    if not has_four_digits(text):  # a range is read only when one of its dates has a year
        return ()
    found = ((match, _range_dates(match)) for match in scan(_RANGE, _RANGE_START, text))
    return tuple((match, span) for match, span in found if span is not None)


def _range_dates(match: re.Match[str]) -> tuple[date, date] | None:
    if match["pa"]:
        first, last = (tuple(int(x) for x in match[g].split("/")) for g in ("pa", "pb"))
        a, b = real_date(first[2], first[1], first[0]), real_date(last[2], last[1], last[0])
        return (a, b) if a and b else None
    parts_a, parts_b = date_parts(match, "a"), date_parts(match, "b")
    if parts_a is None or parts_b is None:
        return None
    (da, ma, ya), (db, mb, yb) = parts_a, parts_b
    if ya is None and yb is None:
        return None
    if ya is None and yb is not None:  # "từ 15/12 đến 14/3/2024": the start's year is before
        ya = yb if (ma, da) <= (mb, db) else yb - 1
    if yb is None and ya is not None:
        yb = ya if (mb, db) >= (ma, da) else ya + 1
    a, b = real_date(ya or 0, ma, da), real_date(yb or 0, mb, db)
    return (a, b) if a and b else None


def period_date_findings(
    report: Report, kind: Kind, visible: frozenset[str], today: date
) -> Iterator[Finding]:
    """Rule 2 for a date answered in a box of the period's own (a ``date`` field that starts empty
    each period, ``prefill = "reset"``: «Số liệu trên Cổng … tính đến ngày»): one before the
    period's cut-off begins is last period's, one after today a slip. Printed, it would say so."""
    cut_start, cut_end = report.period.cutoff()
    for field_id, value in report.answers.items():  # the few answered, not every field of the kind
        if not isinstance(value, date) or field_id not in visible:
            continue
        f = kind.field(field_id)
        if f.type != "date" or f.prefill.mode != "reset":
            continue
        shown = format_short_date(value)
        if value < cut_start:
            message = (
                f"«{f.label}»: {shown} còn trước cả {report.period.words()} (số liệu tính từ ngày "
                f"{format_short_date(cut_start)} đến ngày {format_short_date(cut_end)}): ngày của kỳ trước?"
            )
        elif value > today:
            message = f"«{f.label}»: {shown} là một ngày chưa tới (hôm nay {format_short_date(today)})."
        else:
            continue
        yield Finding((f.id,), "warning", message, "khoang_so_lieu")


# ---------------------------------------------------------------- rule 6: the issue date


def issue_date_findings(report: Report, kind: Kind, texts: list[Piece], today: date) -> Iterator[Finding]:
    """Rule 6: the document's date against the cut-off, today, and the kind's deadline."""
    value = report.document.ngay
    if value is None:
        return
    first, last, shown = _date_bounds(value)
    cut_start, cut_end = report.period.cutoff()
    if first > today:
        yield _date_finding(
            f"Ngày ban hành {shown} là một ngày chưa tới (hôm nay {format_short_date(today)})."
        )
    if kind.issue_after_cutoff and last < cut_start:  # a report of what has not begun: a slip
        yield _date_finding(
            f"Ngày ban hành {shown} còn trước cả kỳ báo cáo, {report.period.words()}, tính số liệu "
            f"từ ngày {format_short_date(cut_start)}: có gõ nhầm ngày, tháng hay năm không?",
            "error",
        )
    elif kind.issue_after_cutoff and last <= cut_end and not _says_estimate(texts):
        yield _date_finding(
            f"Ngày ban hành {shown} chưa qua ngày chốt số liệu {format_short_date(cut_end)} của "
            f"{report.period.words()}: số liệu khi đó chỉ là ước tính. Hãy ghi rõ «số liệu ước tính» "
            "trong báo cáo, hoặc đổi ngày ban hành."
        )
    days = kind.issue_deadline_days
    if kind.issue_after_cutoff and days is not None and first > cut_end + timedelta(days=days):
        deadline = cut_end + timedelta(days=days)
        yield _date_finding(
            f"Ngày ban hành {shown} muộn hơn hạn gửi báo cáo {format_short_date(deadline)} "
            f"({days} ngày sau ngày chốt số liệu {format_short_date(cut_end)})."
        )


def _date_bounds(value: date | tuple[int, int]) -> tuple[date, date, str]:
    """The first and last day a document date may be (a blank day: the whole month), and its text."""
    if isinstance(value, date):
        return value, value, format_short_date(value)
    year, month = value
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last_day), f"tháng {month:02d}/{year}"


def _date_finding(message: str, severity: str = "warning") -> Finding:
    return Finding(("ngay",), severity, message, "ngay_ban_hanh")


def _says_estimate(texts: list[Piece]) -> bool:
    """True when an answer already says that the figures are estimates."""
    return any(p.origin == "answer" and _says_estimate_in(p.text) for p in texts)


@per_text
def _says_estimate_in(text: str) -> bool:
    return _ESTIMATE.found(text)
