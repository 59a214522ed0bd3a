"""Format and read numbers, dates and Roman numerals the way Vietnamese documents write them.

Numbers use "." between thousands and "," before decimals (``22.278``, ``97,98``). Dates follow
Nghị định 30/2020/NĐ-CP: days 1–9 and months 1–2 take a leading zero, months 3–12 do not
(``ngày 05 tháng 01``, ``ngày 29 tháng 6``).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache

Number = int | float | Decimal

# No-break spaces, not ordinary ones: Word prints both, but ordinary runs are collapsed by HTML
# previews and text cleaners, and a line may break inside them. Six give room for a handwritten
# day or month ("ngày        tháng 6 năm 2024").
BLANK = "\u00a0" * 6

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)

# Integer part: plain digits, or thousands groups "1.234.567" (first group 1–3 digits, not "0").
_INTEGER = r"(?:\d+|[1-9]\d{0,2}(?:\.\d{3})+)"
_VIETNAMESE = re.compile(rf"(?P<int>{_INTEGER})(?:,(?P<frac>\d+))?", re.ASCII)
# One "." that is not a thousands separator ("97.5", "0.125") is read as a decimal point.
_DOT_DECIMAL = re.compile(r"(?P<int>\d+)\.(?P<frac>\d+)", re.ASCII)
_MINUS = ("-", "\u2212")

# The numbers a report may hold, checked wherever one comes in (typed, read from a file, imported):
# up to 15 digits before the decimal mark (999.999.999.999.999; Excel keeps 15 significant digits,
# and a province's yearly count of dossiers or a budget in đồng needs 7 to 13). After it, 6 where an
# official types (shares carry 2), and 28 in a file: a computed share kept for the next period
# ("previous") holds what Decimal's division gives, 28 significant digits. Past these a value is a
# typing slip or a hostile file: Python would spend minutes on ``int(Decimal("1e999999999"))``.
MAX_INTEGER_DIGITS = 15
MAX_FRACTION_DIGITS = 6
MAX_STORED_FRACTION_DIGITS = 28
# No number an official types is longer than this (15 + 6 digits, separators, sign, spaces).
_MAX_NUMBER_TEXT = 40


class NumberFormatError(ValueError):
    """A typed number cannot be read; the message is Vietnamese and names the text."""


def shown_number(value: int | Decimal | str) -> str:
    """Return a number's text for a message («2,5», «1E+999999999»), shortened when it is long."""
    text = str(value) if not isinstance(value, int) or value.bit_length() < 256 else "(số rất dài)"
    if isinstance(value, Decimal) and "E" not in text:
        text = text.replace(".", ",")  # as the official wrote it: a decimal comma
    return text if len(text) <= 24 else text[:20] + "…"


def check_number(value: int | Decimal, max_fraction: int = MAX_STORED_FRACTION_DIGITS) -> int | Decimal:
    """Return ``value`` when a report can hold it; NumberFormatError (Vietnamese) otherwise.

    Refuses NaN and infinities, more than :data:`MAX_INTEGER_DIGITS` digits before the decimal
    mark and more than ``max_fraction`` after it (trailing zeros do not count). Cheap
    whatever the exponent: ``Decimal("1e999999999")`` is refused without being expanded.

    >>> check_number(Decimal("12.50"))
    Decimal('12.50')
    """
    if isinstance(value, int):
        if abs(value) >= 10**MAX_INTEGER_DIGITS:
            raise _too_large(value)
        return value
    if not value.is_finite():
        raise NumberFormatError(f"«{shown_number(value)}» không phải một số (NaN hay vô cực).")
    if value.is_zero():
        return Decimal(0)  # "0E+999999" and "-0" are simply zero
    if value.adjusted() >= MAX_INTEGER_DIGITS:
        raise _too_large(value)
    if fraction_digits(value) > max_fraction:
        raise NumberFormatError(
            f"Số «{shown_number(value)}» có quá nhiều chữ số sau dấu phẩy (tối đa {max_fraction})."
        )
    return value


def fraction_digits(value: Decimal) -> int:
    """Return how many digits the finite ``value`` has after the decimal mark, trailing zeros left out.

    >>> fraction_digits(Decimal("2.50")), fraction_digits(Decimal("1e-999999999"))
    (1, 999999999)
    """
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -exponent - trailing)


def _too_large(value: int | Decimal | str) -> NumberFormatError:
    return NumberFormatError(
        f"Số «{shown_number(value)}» quá lớn: tối đa {MAX_INTEGER_DIGITS} chữ số trước dấu phẩy "
        "(999.999.999.999.999)."
    )


def _to_decimal(value: Number) -> Decimal:
    """Return ``value`` as an exact Decimal, reading floats by their shortest repr."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        # Decimal(0.1) would carry the binary error; repr gives the digits the user saw.
        return Decimal(repr(value))
    return Decimal(value)


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round ``value`` half up to ``decimals`` places, whatever its size."""
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    if not value.is_finite():
        raise ValueError(f"cannot format non-finite number {value}")
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + decimals + 2)
        return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _group_thousands(digits: str) -> str:
    """Insert "." every three digits from the right of an unsigned integer string."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(groups)


def format_number(value: Number | None, decimals: int = 0, *, two_digits: bool = False) -> str:
    """Return ``value`` in Vietnamese notation, rounded half up; "" for None.

    ``two_digits`` writes whole numbers 0–9 as "00".."09", as officials do for small counts.

    >>> format_number(1234567.5, 1)
    '1.234.567,5'
    """
    if value is None:
        return ""
    rounded = round_half_up(_to_decimal(value), decimals)
    text = f"{abs(rounded):f}"
    int_part, _, frac_part = text.partition(".")
    if two_digits and not frac_part and len(int_part) == 1 and rounded >= 0:
        int_part = "0" + int_part
    body = _group_thousands(int_part) + ("," + frac_part if frac_part else "")
    # "-0,00" would read as a negative count; a value that rounds to zero has no sign.
    return "-" + body if rounded < 0 and not rounded.is_zero() else body


def format_percent(value: Number | None, decimals: int = 2) -> str:
    """Return ``value`` (already × 100) as a Vietnamese percentage; "" for None.

    A share strictly between 0 and 100 never reads "0%" or "100%" (1.493 of 1.500 dossiers on
    time is not "100%"): it takes more decimals, up to two, and is then cut short of 100 or
    lifted to 0,01.

    >>> format_percent(69.8519)
    '69,85%'
    >>> format_percent(99.5333, 0)
    '99,5%'
    """
    if value is None:
        return ""
    exact = _to_decimal(value)
    if not 0 < exact < 100:
        return format_number(value, decimals) + "%"
    while decimals < 2 and not 0 < round_half_up(exact, decimals) < 100:
        decimals += 1
    rounded = round_half_up(exact, decimals)
    if not 0 < rounded < 100:
        step = Decimal(1).scaleb(-decimals)
        rounded = 100 - step if rounded >= 100 else step
    return format_number(rounded, decimals) + "%"


def share(part: Number | None, whole: Number | None) -> Decimal | None:
    """Return ``part / whole × 100`` unrounded; None when either is unknown or whole is 0."""
    if part is None or whole is None:
        return None
    denominator = _to_decimal(whole)
    if denominator.is_zero():
        return None
    return _to_decimal(part) / denominator * 100


def _number_error(text: str) -> NumberFormatError:
    """Build the Vietnamese error for a number that cannot be read."""
    return NumberFormatError(
        f'Không hiểu số "{text}": chỉ dùng chữ số, dấu chấm phân cách hàng nghìn '
        "và dấu phẩy thập phân (ví dụ 22.278 hoặc 97,98)."
    )


def parse_number(text: str) -> int | Decimal:
    """Read a number as a Vietnamese official types it; int when it has no decimal part.

    A "." followed by groups of exactly three digits separates thousands ("22.278" -> 22278); a
    "," is always the decimal mark ("97,98", and also "1,234" -> Decimal("1.234")). A single "."
    that is not such a group is a decimal point ("97.5", "0.125"). Surrounding spaces, leading
    zeros ("03") and a leading minus sign are accepted. The value is bounded by
    :func:`check_number`.

    >>> parse_number("1.234.567,5")
    Decimal('1234567.5')
    """
    body = text.strip()
    if len(body) > _MAX_NUMBER_TEXT:
        raise _too_large(body) if body.lstrip("-\u2212 ").isdigit() else _number_error(body[:24] + "…")
    negative = body.startswith(_MINUS)
    if negative:
        body = body[1:].lstrip()
    match = _VIETNAMESE.fullmatch(body) or _DOT_DECIMAL.fullmatch(body)
    if match is None:
        raise _number_error(text)
    int_digits = match["int"].replace(".", "")
    frac = match["frac"]
    sign = "-" if negative else ""
    if frac is None:
        return check_number(int(sign + int_digits))
    return check_number(Decimal(f"{sign}{int_digits}.{frac}"), MAX_FRACTION_DIGITS)


@lru_cache(maxsize=64)
def roman(n: int) -> str:
    """Return ``n`` (1–3999) in Roman numerals, as quarters and headings are numbered (the
    numbers used are few: kept)."""
    if not 1 <= n <= 3999:
        raise ValueError(f"Số La Mã chỉ viết được từ 1 đến 3999, không viết được {n}.")
    parts: list[str] = []
    for amount, letters in _ROMAN:
        count, n = divmod(n, amount)
        parts.append(letters * count)
    return "".join(parts)


def format_month(month: int) -> str:
    """Return the month as Nghị định 30 writes it: "01", "02", then "3".."12"."""
    if not 1 <= month <= 12:
        raise ValueError(f"Tháng phải từ 1 đến 12, không phải {month}.")
    return f"{month:02d}" if month <= 2 else str(month)


def format_day_month(d: date) -> tuple[str, str]:
    """Return the day ("05", "21") and month ("01", "6") of ``d`` by the Nghị định 30 rule."""
    return f"{d.day:02d}", format_month(d.month)


def format_short_date(d: date) -> str:
    """Return ``d`` as "06/01/2024" or "13/3/2023" (day two digits, month by the rule)."""
    day, month = format_day_month(d)
    return f"{day}/{month}/{d.year}"


_TYPED_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})|(\d{2})(\d{2})(\d{4})", re.ASCII)


def parse_short_date(text: str) -> date | None:
    """Read a date as officials type it: "05/09/2025", "5/9/2025", "05.09.2025", "05092025".

    None when ``text`` is not such a date, or names a day that does not exist (31/02/2025).

    >>> parse_short_date("05092025")
    datetime.date(2025, 9, 5)
    """
    found = _TYPED_DATE.fullmatch(text.strip())
    if found is None:
        return None
    day, month, year = (int(g) for g in found.groups() if g is not None)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def format_long_date(d: date) -> str:
    """Return ``d`` as running text: "ngày 21 tháng 10 năm 2020"."""
    day, month = format_day_month(d)
    return f"ngày {day} tháng {month} năm {d.year}"


def _date_parts(value: date | tuple[int, int] | None, year: int | None) -> tuple[str, str, str]:
    """Return the day, month and year texts of a document date, BLANK where unknown."""
    if isinstance(value, date):
        day, month = format_day_month(value)
        return day, month, str(value.year)
    if value is not None:
        known_year, known_month = value
        return BLANK, format_month(known_month), str(known_year)
    return BLANK, BLANK, BLANK if year is None else str(year)


def format_document_date(place: str, value: date | tuple[int, int] | None, year: int | None = None) -> str:
    """Return the "địa danh, ngày … tháng … năm …" line of a document.

    ``value`` is a full date, a (year, month) pair when the records clerk fills in the day, or
    None when both day and month are left blank (the year then comes from ``year``, or is blank
    too). Blanks are runs of no-break spaces (:data:`BLANK`). An empty ``place`` is left out.

    >>> format_document_date("Kiên Giang", date(2024, 1, 5))
    'Kiên Giang, ngày 05 tháng 01 năm 2024'
    """
    day, month, year_text = _date_parts(value, year)
    line = f"ngày {day} tháng {month} năm {year_text}"
    place = place.strip()
    return f"{place}, {line}" if place else line
