"""Reporting periods and their data cut-off dates (Nghị định 09/2019/NĐ-CP).

Figures of a period are counted from the 15th of the month before it to the 14th of its last
month: month 01/2024 runs 15/12/2023 – 14/01/2024, quarter II 15/3 – 14/6, the year 15/12 of the
previous year – 14/12. A report may instead declare its own range ("tuy_chon").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from desktop_app.vnformat import format_month, format_short_date, roman

PERIOD_TYPES: tuple[str, ...] = ("thang", "quy", "6thang", "9thang", "nam", "tuy_chon")
PERIOD_TYPE_LABELS: dict[str, str] = {
    "thang": "Tháng",
    "quy": "Quý",
    "6thang": "6 tháng",
    "9thang": "9 tháng",
    "nam": "Năm",
    "tuy_chon": "Tùy chọn",
}
# Months each step of a numbered period covers; the number counts steps within the year.
_MONTHS_PER_STEP: dict[str, int] = {"thang": 1, "quy": 3, "6thang": 6}
_LAST_MONTH: dict[str, int] = {"9thang": 9, "nam": 12}
# Wide enough for any real report, narrow enough to catch "nam:20224".
MIN_YEAR, MAX_YEAR = 1900, 2100

ACCEPTED_FORMS = (
    "thang:1/2024, quy:3/2024, 6thang:1/2024, 9thang:2024, nam:2024, tuy_chon:2023-01-01..2023-11-20"
)
_NUMBER_TEXT = re.compile(r"(\d{1,2})/(\d{4})", re.ASCII)
_YEAR_TEXT = re.compile(r"\d{4}", re.ASCII)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_NUMBER_NAMES: dict[str, str] = {
    "thang": "Tháng phải từ 1 đến 12",
    "quy": "Quý phải từ 1 đến 4",
    "6thang": "Kỳ 6 tháng phải là 1 (đầu năm) hoặc 2 (cuối năm)",
}


class PeriodError(ValueError):
    """A period cannot be built, read or stepped; the message is Vietnamese."""


@dataclass(frozen=True)
class Period:
    """One reporting period: a numbered month, quarter or half, 9 months, a year or a range.

    ``number`` is the month (1–12), quarter (1–4) or half (1 = first, 2 = last six months), and
    None for "9thang", "nam" and "tuy_chon". ``start`` and ``end`` are only for "tuy_chon"; a
    range whose start is after its end is allowed here and reported by :meth:`problems`.
    """

    type: str
    year: int
    number: int | None = None
    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        """Reject a period whose fields do not fit its type."""
        if self.type not in PERIOD_TYPES:
            raise PeriodError(f'Loại kỳ "{self.type}" không có; dùng một trong: {", ".join(PERIOD_TYPES)}.')
        if isinstance(self.year, bool) or not MIN_YEAR <= self.year <= MAX_YEAR:
            raise PeriodError(f"Năm {self.year} không hợp lệ (cần từ {MIN_YEAR} đến {MAX_YEAR}).")
        self._check_number()
        self._check_range()

    def _check_number(self) -> None:
        """Require a number in range for numbered types and none for the others."""
        steps = _steps_per_year(self.type)
        if steps is None:
            if self.number is not None:
                label = PERIOD_TYPE_LABELS[self.type]
                raise PeriodError(f"Kỳ «{label}» không có số thứ tự, có {self.number}.")
            return
        number = self.number
        if number is None or isinstance(number, bool) or not 1 <= number <= steps:
            raise PeriodError(f"{_NUMBER_NAMES[self.type]}, không phải {number}.")

    def _check_range(self) -> None:
        """Require start and end for a custom range and neither for the other types."""
        has_dates = (self.start is not None, self.end is not None)
        if self.type == "tuy_chon" and has_dates != (True, True):
            raise PeriodError("Kỳ tùy chọn cần cả ngày bắt đầu và ngày kết thúc.")
        if self.type != "tuy_chon" and any(has_dates):
            raise PeriodError("Chỉ kỳ tùy chọn mới có ngày bắt đầu và ngày kết thúc riêng.")

    def _custom_range(self) -> tuple[date, date]:
        """Return the declared range of a "tuy_chon" period."""
        if self.start is None or self.end is None:
            raise PeriodError("Kỳ tùy chọn cần cả ngày bắt đầu và ngày kết thúc.")
        return self.start, self.end

    def _months(self) -> tuple[int, int]:
        """Return the first and last month a non-custom period covers within its year."""
        if self.type in _LAST_MONTH:
            return 1, _LAST_MONTH[self.type]
        step = _MONTHS_PER_STEP[self.type]
        last = (self.number or 1) * step
        return last - step + 1, last

    def cutoff(self) -> tuple[date, date]:
        """Return the first and last day whose figures the period counts."""
        if self.type == "tuy_chon":
            return self._custom_range()
        first, last = self._months()
        start = date(self.year, first - 1, 15) if first > 1 else date(self.year - 1, 12, 15)
        return start, date(self.year, last, 14)

    def words(self) -> str:
        """Return the period as running text says it: "quý II năm 2024", "tháng 01 năm 2024"."""
        number = self.number or 1
        match self.type:
            case "thang":
                return f"tháng {format_month(number)} năm {self.year}"
            case "quy":
                return f"quý {roman(number)} năm {self.year}"
            case "6thang":
                return f"6 tháng {_half_word(number)} năm {self.year}"
            case "9thang":
                return f"9 tháng đầu năm {self.year}"
            case "nam":
                return f"năm {self.year}"
        return self._custom_words()

    def _custom_words(self) -> str:
        """Return a custom range in words, naming the year when the range lies within it."""
        start, end = self._custom_range()
        span = f"từ ngày {format_short_date(start)} đến ngày {format_short_date(end)}"
        if start.year == end.year == self.year:
            return f"năm {self.year} ({span})"
        return span

    def short_label(self) -> str:
        """Return a compact label for lists and file names: "Quý II/2024", "Tháng 01/2024"."""
        number = self.number or 1
        match self.type:
            case "thang":
                return f"Tháng {format_month(number)}/{self.year}"
            case "quy":
                return f"Quý {roman(number)}/{self.year}"
            case "6thang":
                return f"6 tháng {_half_word(number)} năm {self.year}"
            case "9thang":
                return f"9 tháng {self.year}"
            case "nam":
                return f"Năm {self.year}"
        start, end = self._custom_range()
        return f"{format_short_date(start)} – {format_short_date(end)}"

    def next(self) -> Period:
        """Return the period of the same type that follows this one."""
        return self._shift(1)

    def following(self) -> Period:
        """Return the period whose work comes next, what a report's «phương hướng» plans: the
        next period of the same type, except after the first 9 months, the last quarter."""
        if self.type == "9thang":
            return Period("quy", self.year, 4)
        return self.next()

    def previous(self) -> Period:
        """Return the period of the same type that precedes this one."""
        return self._shift(-1)

    def _shift(self, steps: int) -> Period:
        """Return the period ``steps`` periods of the same type away."""
        if self.type == "tuy_chon":
            raise PeriodError("Kỳ tùy chọn không có kỳ liền trước hay liền sau; hãy nhập khoảng ngày mới.")
        per_year = _steps_per_year(self.type)
        if per_year is None:
            return replace(self, year=self.year + steps)
        index = self.year * per_year + (self.number or 1) - 1 + steps
        return replace(self, year=index // per_year, number=index % per_year + 1)

    def same_period_last_year(self) -> Period:
        """Return this period one year earlier (a custom range is moved back by a year)."""
        if self.type != "tuy_chon":
            return replace(self, year=self.year - 1)
        start, end = self._custom_range()
        return replace(self, year=self.year - 1, start=_year_earlier(start), end=_year_earlier(end))

    def problems(self) -> list[str]:
        """Return Vietnamese messages about a loadable but wrong period (empty when sound)."""
        if self.type != "tuy_chon":
            return []
        start, end = self._custom_range()
        found: list[str] = []
        if start > end:
            found.append(
                f"Ngày bắt đầu {format_short_date(start)} sau ngày kết thúc {format_short_date(end)}."
            )
        if self.year not in (start.year, end.year):
            found.append(
                f"Năm {self.year} của kỳ báo cáo không khớp khoảng ngày "
                f"{format_short_date(start)} – {format_short_date(end)}."
            )
        return found

    def key(self) -> tuple[int, date, int, int]:
        """Return a sort key: by year, then cut-off end, then the shorter period first."""
        start, end = self.cutoff()
        return self.year, end, -start.toordinal(), PERIOD_TYPES.index(self.type)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a period typed on the command line, e.g. "quy:3/2024" or "nam:2024".

        Accepted forms: ``thang:1/2024``, ``quy:3/2024``, ``6thang:1/2024``, ``9thang:2024``,
        ``nam:2024``, ``tuy_chon:2023-01-01..2023-11-20`` (its year is the start's year).
        """
        kind, colon, rest = text.strip().partition(":")
        kind = kind.strip().lower()
        parser = _PARSERS.get(kind)
        try:
            if not colon or parser is None:
                raise PeriodError(f'Loại kỳ "{kind}" không có.')
            return parser(kind, rest.strip())
        except PeriodError as exc:
            raise PeriodError(
                f'Không hiểu kỳ báo cáo "{text}": {exc} Các dạng được chấp nhận: {ACCEPTED_FORMS}.'
            ) from exc

    @classmethod
    def from_json(cls, data: object) -> Period:
        """Read the ``period`` object of an answer file; PeriodError on missing or wrong keys."""
        if not isinstance(data, Mapping):
            raise PeriodError(
                f"Kỳ báo cáo phải là một đối tượng có type, year, number, không phải {_shown(data)}."
            )
        kind = _json_str(data, "type")
        year = _json_int(data, "year")
        number = _json_optional_int(data, "number")
        if kind != "tuy_chon":
            return cls(kind, year, number)
        return cls(kind, year, number, _json_date(data, "from"), _json_date(data, "to"))

    def to_json(self) -> dict[str, str | int | None]:
        """Return the ``period`` object for an answer file, with the cut-off as from/to."""
        start, end = self.cutoff()
        return {
            "type": self.type,
            "year": self.year,
            "number": self.number,
            "from": start.isoformat(),
            "to": end.isoformat(),
        }


def _steps_per_year(kind: str) -> int | None:
    """Return how many numbered periods of ``kind`` a year has; None when it is not numbered."""
    step = _MONTHS_PER_STEP.get(kind)
    return None if step is None else 12 // step


def _half_word(number: int) -> str:
    """Return "đầu" for the first six months and "cuối" for the last."""
    return "đầu" if number == 1 else "cuối"


def _year_earlier(d: date) -> date:
    """Return ``d`` one year earlier; 29 February becomes 28 February."""
    try:
        return d.replace(year=d.year - 1)
    except ValueError:
        return d.replace(year=d.year - 1, day=28)


def _iso_date(text: str) -> date:
    """Read a YYYY-MM-DD date; PeriodError in Vietnamese when it is malformed or not real."""
    if not _ISO_DATE.fullmatch(text):
        raise PeriodError(f'Ngày "{text}" phải viết dạng năm-tháng-ngày, ví dụ 2023-11-20.')
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise PeriodError(f'Ngày "{text}" không có thật.') from exc


def _parse_numbered(kind: str, rest: str) -> Period:
    """Read "number/year" for a month, quarter or half year."""
    match = _NUMBER_TEXT.fullmatch(rest)
    if match is None:
        raise PeriodError(f"Cần dạng {kind}:số/năm.")
    return Period(kind, int(match[2]), int(match[1]))


def _parse_year_only(kind: str, rest: str) -> Period:
    """Read "year" for 9 months or a whole year."""
    if not _YEAR_TEXT.fullmatch(rest):
        raise PeriodError(f"Cần dạng {kind}:năm.")
    return Period(kind, int(rest))


def _parse_custom(kind: str, rest: str) -> Period:
    """Read "YYYY-MM-DD..YYYY-MM-DD"; its year is the start's year; reject start after end."""
    first, dots, last = rest.partition("..")
    if not dots:
        raise PeriodError(f"Cần dạng {kind}:năm-tháng-ngày..năm-tháng-ngày.")
    start, end = _iso_date(first.strip()), _iso_date(last.strip())
    period = Period(kind, start.year, None, start, end)
    problems = period.problems()
    if problems:
        raise PeriodError(" ".join(problems))
    return period


_PARSERS: dict[str, Callable[[str, str], Period]] = {
    "thang": _parse_numbered,
    "quy": _parse_numbered,
    "6thang": _parse_numbered,
    "9thang": _parse_year_only,
    "nam": _parse_year_only,
    "tuy_chon": _parse_custom,
}


def _shown(value: object) -> str:
    """Return ``value`` as JSON text for a message."""
    return json.dumps(value, ensure_ascii=False, default=str)


def _json_field(data: Mapping[str, object], key: str, required: bool) -> object:
    """Return ``data[key]``; PeriodError when a required key is missing or null."""
    value = data.get(key)
    if value is None and required:
        raise PeriodError(f'Kỳ báo cáo thiếu "{key}".')
    return value


def _json_str(data: Mapping[str, object], key: str) -> str:
    """Return the required text ``data[key]``."""
    value = _json_field(data, key, required=True)
    if not isinstance(value, str):
        raise PeriodError(f'Kỳ báo cáo: "{key}" phải là chữ, không phải {_shown(value)}.')
    return value


def _json_int(data: Mapping[str, object], key: str) -> int:
    """Return the required whole number ``data[key]``."""
    return _whole_number(key, _json_field(data, key, required=True))


def _json_optional_int(data: Mapping[str, object], key: str) -> int | None:
    """Return the whole number ``data[key]``, or None when it is absent or null."""
    value = _json_field(data, key, required=False)
    return None if value is None else _whole_number(key, value)


def _whole_number(key: str, value: object) -> int:
    """Return ``value`` when it is an int (not a bool); PeriodError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise PeriodError(f'Kỳ báo cáo: "{key}" phải là số nguyên, không phải {_shown(value)}.')
    return value


def _json_date(data: Mapping[str, object], key: str) -> date:
    """Return the required YYYY-MM-DD date ``data[key]`` of a custom range."""
    return _iso_date(_json_str(data, key))


# ---------------------------------------------------------------- the period to write now

NEAR_END_DAYS = 10  # this close to its cut-off, an official is already drafting the current period
LATE_DAYS = 30  # this long after its cut-off, the period just ended is still being reported
# … or, for a longer period, this share of its length: on 15/01 the year just ended is being
# reported (late), never the year begun a month ago (3 months for a year, 6 weeks for 6 months).
LATE_SHARE = 0.25
# This close to the end of a year's cut-off (from the end of October), a plan being drafted is
# next year's: plans are written in November and December, issued in December or January. A
# shorter period's plan, the same share of its length (11 days of a quarter, 3 of a month).
NEXT_PLAN_DAYS = 45


def period_containing(period_type: str, today: date) -> Period:
    """Return the period of ``period_type`` whose data cut-off range contains ``today``.

    Types with a gap (9 tháng ends on 14/9) give the next one; a custom range runs from
    1 January to ``today``.
    """
    if period_type == "tuy_chon":
        return Period("tuy_chon", today.year, None, date(today.year, 1, 1), today)
    steps = _steps_per_year(period_type)
    for year in (today.year, today.year + 1):
        for number in range(1, steps + 1) if steps else (None,):
            period = Period(period_type, year, number)
            start, end = period.cutoff()
            if start <= today <= end:
                return period
    return Period(period_type, today.year + 1, 1 if steps else None)


def period_to_write(period_type: str, today: date, ahead: bool = False) -> Period:
    """Return the period an official starting a report of ``period_type`` on ``today`` means.

    Reports are written around their cut-off: from NEAR_END_DAYS before it (drafting ahead
    of the deadline) to LATE_DAYS after it (a quarter of a longer period's length: a year's
    report is late into March). So on 20/9 the quarterly report is quý III (cut off on 14/9)
    and on 10/01/2025 or 15/01/2027 the annual one is of the year before; outside those weeks, the period
    under way, or, in the months no period of the type covers (9 tháng, from 15/9 to 14/12), the
    last one: a report is never of figures not begun. A plan (``ahead``) is for the period that
    has begun (after 15/12 the annual plan is next year's), or for the next one from
    :data:`NEXT_PLAN_DAYS` before it ends: on 7/12 an official drafting the annual plan means
    next year's, this year's being long issued.
    """
    current = period_containing(period_type, today)
    if period_type == "tuy_chon":
        return current
    if ahead:
        near_end = (current.cutoff()[1] - today).days < _next_plan_days(current)
        return current.following() if near_end else current
    if (current.cutoff()[1] - today).days < NEAR_END_DAYS:
        return current
    previous = current.previous()
    if today < current.cutoff()[0]:  # in the gap after 9 tháng (15/9–14/12): none begun, the last
        return previous
    return previous if (today - previous.cutoff()[1]).days <= _late_days(previous) else current


def _late_days(period: Period) -> int:
    """How long after its cut-off ``period`` is still the one an official is reporting."""
    start, end = period.cutoff()
    return max(LATE_DAYS, int((end - start).days * LATE_SHARE))


def _next_plan_days(period: Period) -> int:
    """:data:`NEXT_PLAN_DAYS` for a year, the same share of a shorter ``period``: a monthly plan
    is next month's in its last 3 days only: 45 days, longer than a month, always gave the next."""
    start, end = period.cutoff()
    return NEXT_PLAN_DAYS * ((end - start).days + 1) // 365


# Public holidays on fixed days of the solar calendar (Bộ luật Lao động 2019, Điều 112): Tết
# Dương lịch, Ngày Chiến thắng, Quốc tế Lao động, Quốc khánh. Tết Nguyên đán and the day of the
# Hùng Kings move with the moon, and the day beside 2/9 is decided each year: not known.
FIXED_HOLIDAYS = frozenset({(1, 1), (30, 4), (1, 5), (2, 9)})


def first_working_day(day: date) -> date:
    """Return ``day``, or the first day after it that is not a Saturday, a Sunday or a public
    holiday of a fixed day (:data:`FIXED_HOLIDAYS`; the official corrects the others).

    >>> first_working_day(date(2027, 1, 1))  # Tết Dương lịch, a Friday
    datetime.date(2027, 1, 4)
    """
    while day.weekday() >= 5 or (day.day, day.month) in FIXED_HOLIDAYS:
        day += timedelta(days=1)
    return day


def proposed_issue_date(period: Period, ahead: bool = False) -> date:
    """Return the day a document of ``period`` is usually dated: the first working day after
    its data cut-off, once the figures are in; for a plan (``ahead``), the first of its period.

    >>> proposed_issue_date(Period("quy", 2025, 3))  # cut off on Sunday 14/9/2025
    datetime.date(2025, 9, 15)
    """
    start, end = period.cutoff()
    return first_working_day(start if ahead else end + timedelta(days=1))


def issue_month_on(period: Period, today: date, ahead: bool = False) -> tuple[int, int] | None:
    """Return the month (year, month) a new document of ``period`` made on ``today`` is to be dated
    in, when :func:`proposed_issue_date` falls in a year gone by; None when it does not.

    Quý IV/2026 (cut off on 14/12/2026) or the plan of 2027 made on 02/01/2027 is signed in
    January 2027: with its date left to the records clerk it printed «ngày … tháng … năm 2026».

    >>> issue_month_on(Period("quy", 2026, 4), date(2027, 1, 2))
    (2027, 1)
    """
    if proposed_issue_date(period, ahead).year >= today.year:
        return None
    return today.year, today.month


_STEP_WORDS: dict[str, str] = {
    "thang": "tháng",
    "quy": "quý",
    "6thang": "kỳ 6 tháng",
    "9thang": "năm",
    "nam": "năm",
}


def periods_between(earlier: Period, later: Period) -> int | None:
    """Return how many periods of their type ``later`` comes after ``earlier`` (1: just after);
    None when the two differ in type or are custom ranges."""
    if earlier.type != later.type or later.type == "tuy_chon":
        return None
    per_year = _steps_per_year(later.type) or 1
    return (later.year - earlier.year) * per_year + (later.number or 1) - (earlier.number or 1)


def follows(earlier: Period, later: Period) -> bool:
    """True when ``earlier`` is the period just before ``later``: its data cut-off ends the day
    before ``later``'s begins. So last year's 9 months (to 14/9) do not come just before this
    year's (from 15/12): what was being resolved then is not what this period took over."""
    return earlier.cutoff()[1] + timedelta(days=1) == later.cutoff()[0]


def distance_words(earlier: Period, later: Period) -> str:
    """Say how far before ``later`` the period ``earlier`` is: "5 quý", "2 năm", "14 tháng".

    >>> distance_words(Period("quy", 2024, 1), Period("quy", 2025, 2))
    '5 quý'
    """
    steps = periods_between(earlier, later)
    if steps is not None:
        return f"{steps} {_STEP_WORDS[later.type]}"
    end, now = earlier.cutoff()[1], later.cutoff()[1]
    return f"{(now.year - end.year) * 12 + now.month - end.month} tháng"
