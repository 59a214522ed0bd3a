"""Tests for Vietnamese number, date and Roman numeral formatting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.vnformat import (
    BLANK,
    NumberFormatError,
    check_number,
    format_day_month,
    format_document_date,
    format_long_date,
    format_month,
    format_number,
    format_percent,
    format_short_date,
    parse_number,
    parse_short_date,
    roman,
    share,
)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (22278, 0, "22.278"),
        (97.98, 2, "97,98"),
        (1234567.5, 1, "1.234.567,5"),
        (0, 0, "0"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (1000000, 0, "1.000.000"),
        (-22278, 0, "-22.278"),
        (-1234.5, 1, "-1.234,5"),
        (Decimal("69.845"), 2, "69,85"),
        (Decimal("-69.845"), 2, "-69,85"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("0.5"), 0, "1"),
        (1.005, 2, "1,01"),
        (2.675, 2, "2,68"),
        (5, 2, "5,00"),
        (Decimal("12345678901234567890123456789.5"), 0, "12.345.678.901.234.567.890.123.456.790"),
        (-0.004, 2, "0,00"),
        (Decimal("-0.4"), 0, "0"),
    ],
)
def test_format_number(value: int | float | Decimal, decimals: int, expected: str) -> None:
    assert format_number(value, decimals) == expected


def test_format_number_none_is_empty() -> None:
    assert format_number(None) == ""
    assert format_number(None, 2, two_digits=True) == ""


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (3, 0, "03"),
        (0, 0, "00"),
        (9, 0, "09"),
        (10, 0, "10"),
        (1234, 0, "1.234"),
        (Decimal("3.4"), 0, "03"),
        (Decimal("9.5"), 0, "10"),
        (3, 2, "3,00"),
        (-3, 0, "-3"),
    ],
)
def test_format_number_two_digits(value: int | Decimal, decimals: int, expected: str) -> None:
    assert format_number(value, decimals, two_digits=True) == expected


def test_format_number_rejects_negative_decimals() -> None:
    with pytest.raises(ValueError):
        format_number(1, -1)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (69.8519, 2, "69,85%"),
        (Decimal("69.845"), 2, "69,85%"),
        (100, 2, "100,00%"),
        (100, 0, "100%"),
        (Decimal("97.98"), 1, "98,0%"),
        (None, 2, ""),
        (Decimal(1493) / 1500 * 100, 0, "99,5%"),  # short of all: never «100%»
        (Decimal("99.6"), 0, "99,6%"),
        (Decimal("99.999"), 2, "99,99%"),
        (Decimal("0.3"), 0, "0,3%"),  # some: never «0%»
        (Decimal("0.001"), 2, "0,01%"),
        (0, 0, "0%"),
        (Decimal("99.4"), 0, "99%"),
    ],
)
def test_format_percent(value: float | Decimal | None, decimals: int, expected: str) -> None:
    assert format_percent(value, decimals) == expected


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 4, Decimal(25)),
        (3, 3, Decimal(100)),
        (0, 5, Decimal(0)),
        (Decimal("1.5"), 3, Decimal(50)),
        (0.5, 2, Decimal(25)),
        (None, 5, None),
        (5, None, None),
        (5, 0, None),
        (5, Decimal("0.00"), None),
    ],
)
def test_share(
    part: int | float | Decimal | None, whole: int | Decimal | None, expected: Decimal | None
) -> None:
    assert share(part, whole) == expected


def test_share_is_decimal_and_formats_as_percent() -> None:
    result = share(1867, 2673)
    assert isinstance(result, Decimal)
    assert format_percent(result) == "69,85%"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22.278", 22278),
        ("1.000", 1000),
        ("1.234.567", 1234567),
        ("97,98", Decimal("97.98")),
        ("1.234.567,5", Decimal("1234567.5")),
        (" 03 ", 3),
        ("-5", -5),
        ("- 5", -5),
        ("\u22125", -5),
        ("0", 0),
        ("007", 7),
        ("22278", 22278),
        ("1234,5", Decimal("1234.5")),
        ("97.5", Decimal("97.5")),
        ("0.125", Decimal("0.125")),
        ("1.2345", Decimal("1.2345")),
        ("1,234", Decimal("1.234")),
        ("5,0", Decimal("5.0")),
        ("-1.234,56", Decimal("-1234.56")),
        ("\u00a012\u00a0", 12),
    ],
)
def test_parse_number(text: str, expected: int | Decimal) -> None:
    result = parse_number(text)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    "text",
    [
        "12a",
        "",
        "   ",
        "-",
        "1.23.4",
        "12.34,5",
        "1,234,5",
        "1.234.5",
        ",5",
        "5,",
        ".5",
        "5.",
        "1 000",
        "+5",
        "--5",
        "0.125.000",
        "\u0663",
    ],
)
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(NumberFormatError) as info:
        parse_number(text)
    message = str(info.value)
    assert message.startswith(f'Không hiểu số "{text}"')
    assert "dấu phẩy thập phân" in message


def test_parse_number_error_is_value_error_with_full_message() -> None:
    with pytest.raises(ValueError) as info:
        parse_number("12a")
    assert str(info.value) == (
        'Không hiểu số "12a": chỉ dùng chữ số, dấu chấm phân cách hàng nghìn '
        "và dấu phẩy thập phân (ví dụ 22.278 hoặc 97,98)."
    )


@pytest.mark.parametrize("value", [0, 3, 22278, -1234567, Decimal("97.98"), Decimal("-0.5")])
def test_parse_reads_what_format_writes(value: int | Decimal) -> None:
    exponent = value.as_tuple().exponent if isinstance(value, Decimal) else 0
    decimals = -exponent if isinstance(exponent, int) else 0
    assert parse_number(format_number(value, decimals)) == value


ROMAN_UNITS = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
ROMAN_1_TO_20 = [(n, "X" * (n // 10) + ROMAN_UNITS[n % 10]) for n in range(1, 21)]


@pytest.mark.parametrize(("n", "expected"), ROMAN_1_TO_20)
def test_roman_1_to_20(n: int, expected: str) -> None:
    assert roman(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [(40, "XL"), (90, "XC"), (400, "CD"), (1994, "MCMXCIV"), (2024, "MMXXIV"), (3999, "MMMCMXCIX")],
)
def test_roman_larger(n: int, expected: str) -> None:
    assert roman(n) == expected


@pytest.mark.parametrize("n", [0, -1, 4000])
def test_roman_out_of_range(n: int) -> None:
    with pytest.raises(ValueError):
        roman(n)


@pytest.mark.parametrize(
    ("month", "expected"), [(1, "01"), (2, "02"), (3, "3"), (6, "6"), (10, "10"), (12, "12")]
)
def test_format_month(month: int, expected: str) -> None:
    assert format_month(month) == expected


@pytest.mark.parametrize("month", [0, 13])
def test_format_month_out_of_range(month: int) -> None:
    with pytest.raises(ValueError):
        format_month(month)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2024, 1, 5), ("05", "01")),
        (date(2024, 2, 29), ("29", "02")),
        (date(2024, 3, 9), ("09", "3")),
        (date(2024, 6, 29), ("29", "6")),
        (date(2023, 12, 21), ("21", "12")),
        (date(2020, 10, 1), ("01", "10")),
    ],
)
def test_format_day_month(d: date, expected: tuple[str, str]) -> None:
    assert format_day_month(d) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2024, 1, 6), "06/01/2024"),
        (date(2023, 3, 13), "13/3/2023"),
        (date(2023, 12, 21), "21/12/2023"),
        (date(2024, 2, 1), "01/02/2024"),
        (date(2024, 9, 9), "09/9/2024"),
    ],
)
def test_format_short_date(d: date, expected: str) -> None:
    assert format_short_date(d) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2020, 10, 21), "ngày 21 tháng 10 năm 2020"),
        (date(2024, 1, 5), "ngày 05 tháng 01 năm 2024"),
        (date(2024, 6, 29), "ngày 29 tháng 6 năm 2024"),
    ],
)
def test_format_long_date(d: date, expected: str) -> None:
    assert format_long_date(d) == expected


def test_document_date_full() -> None:
    assert format_document_date("Kiên Giang", date(2024, 1, 5)) == "Kiên Giang, ngày 05 tháng 01 năm 2024"
    assert format_document_date("Trà Cú", date(2023, 11, 21)) == "Trà Cú, ngày 21 tháng 11 năm 2023"


def test_document_date_full_ignores_year_argument() -> None:
    assert format_document_date("Huế", date(2024, 3, 5), 1999) == "Huế, ngày 05 tháng 3 năm 2024"


def test_document_date_day_left_blank() -> None:
    line = format_document_date("Kiên Giang", (2024, 6))
    assert line == f"Kiên Giang, ngày {BLANK} tháng 6 năm 2024"
    assert format_document_date("Bắc Giang", (2024, 1)).endswith(f"{BLANK} tháng 01 năm 2024")


def test_document_date_blank_is_a_visible_gap() -> None:
    assert len(BLANK) >= 4
    assert set(BLANK) == {"\u00a0"}


def test_document_date_day_and_month_blank() -> None:
    assert format_document_date("Đồng Nai", None, 2024) == (f"Đồng Nai, ngày {BLANK} tháng {BLANK} năm 2024")


def test_document_date_all_blank() -> None:
    assert format_document_date("Đồng Nai", None) == (f"Đồng Nai, ngày {BLANK} tháng {BLANK} năm {BLANK}")


def test_document_date_without_place() -> None:
    assert format_document_date("  ", date(2024, 1, 5)) == "ngày 05 tháng 01 năm 2024"


def test_document_date_rejects_bad_month() -> None:
    with pytest.raises(ValueError):
        format_document_date("Huế", (2024, 13))


@pytest.mark.parametrize(
    "text", ["05/09/2025", "5/9/2025", "05.09.2025", "05-09-2025", "05092025", " 5/9/2025 "]
)
def test_parse_short_date_reads_what_officials_type(text: str) -> None:
    assert parse_short_date(text) == date(2025, 9, 5)


@pytest.mark.parametrize("text", ["", "31/02/2025", "2025-09-05", "5092025", "05/09/25", "ngày 5/9/2025"])
def test_parse_short_date_refuses_what_is_not_a_date(text: str) -> None:
    assert parse_short_date(text) is None


def test_parse_short_date_reads_what_format_writes() -> None:
    day = date(2024, 3, 13)
    assert parse_short_date(format_short_date(day)) == day


# ---------------------------------------------------------------- bounds (issue 14)


@pytest.mark.parametrize(
    "value",
    [
        Decimal("NaN"),
        Decimal("Infinity"),
        Decimal("-Infinity"),
        Decimal("1e999999999"),
        Decimal("1e-999999999"),
        10**5000,
        10**15,
        -(10**15),
        Decimal("0." + "1" * 29),
    ],
    ids=["nan", "inf", "-inf", "1e999999999", "1e-999999999", "5001-digits", "16-digits", "-16", "29-dec"],
)
def test_check_number_refuses_what_no_report_holds_quickly(value: int | Decimal) -> None:
    with pytest.raises(NumberFormatError) as err:
        check_number(value)
    assert len(str(err.value)) < 200  # a 5,001-digit number is not echoed


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        (999_999_999_999_999, 999_999_999_999_999),
        (Decimal("12.500000000"), Decimal("12.500000000")),
        (Decimal("0E+999999"), Decimal(0)),
        (Decimal("-0.000001"), Decimal("-0.000001")),
        (Decimal("99.35817805383023"), Decimal("99.35817805383023")),  # a computed share, kept
    ],
)
def test_check_number_keeps_what_a_report_may_hold(value: int | Decimal, kept: int | Decimal) -> None:
    assert check_number(value) == kept


@pytest.mark.parametrize("text", ["9" * 5001, "1" + "0" * 40, "1.000.000.000.000.000", "0,1234567", "x" * 99])
def test_parse_number_bounds_typed_numbers(text: str) -> None:
    with pytest.raises(NumberFormatError):
        parse_number(text)
