"""Tests for reporting periods and their Nghị định 09/2019 cut-off dates."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from desktop_app.report.periods import (
    PERIOD_TYPE_LABELS,
    PERIOD_TYPES,
    Period,
    PeriodError,
    distance_words,
    first_working_day,
    follows,
    issue_month_on,
    period_to_write,
    proposed_issue_date,
)

CUSTOM_2023 = Period("tuy_chon", 2023, None, date(2023, 1, 1), date(2023, 11, 20))
REVERSED = Period("tuy_chon", 2023, None, date(2023, 11, 20), date(2023, 1, 1))


def test_constants() -> None:
    assert PERIOD_TYPES == ("thang", "quy", "6thang", "9thang", "nam", "tuy_chon")
    assert set(PERIOD_TYPE_LABELS) == set(PERIOD_TYPES)
    assert PERIOD_TYPE_LABELS["6thang"] == "6 tháng"
    assert PERIOD_TYPE_LABELS["tuy_chon"] == "Tùy chọn"


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period("thang", 2024, 1), date(2023, 12, 15), date(2024, 1, 14)),
        (Period("thang", 2024, 2), date(2024, 1, 15), date(2024, 2, 14)),
        (Period("thang", 2024, 3), date(2024, 2, 15), date(2024, 3, 14)),
        (Period("thang", 2024, 12), date(2024, 11, 15), date(2024, 12, 14)),
        (Period("quy", 2024, 1), date(2023, 12, 15), date(2024, 3, 14)),
        (Period("quy", 2024, 2), date(2024, 3, 15), date(2024, 6, 14)),
        (Period("quy", 2024, 3), date(2024, 6, 15), date(2024, 9, 14)),
        (Period("quy", 2024, 4), date(2024, 9, 15), date(2024, 12, 14)),
        (Period("6thang", 2024, 1), date(2023, 12, 15), date(2024, 6, 14)),
        (Period("6thang", 2024, 2), date(2024, 6, 15), date(2024, 12, 14)),
        (Period("9thang", 2024), date(2023, 12, 15), date(2024, 9, 14)),
        (Period("nam", 2023), date(2022, 12, 15), date(2023, 12, 14)),
        (CUSTOM_2023, date(2023, 1, 1), date(2023, 11, 20)),
    ],
)
def test_cutoff(period: Period, start: date, end: date) -> None:
    assert period.cutoff() == (start, end)


@pytest.mark.parametrize(
    ("period", "words", "label"),
    [
        (Period("thang", 2024, 1), "tháng 01 năm 2024", "Tháng 01/2024"),
        (Period("thang", 2024, 2), "tháng 02 năm 2024", "Tháng 02/2024"),
        (Period("thang", 2024, 6), "tháng 6 năm 2024", "Tháng 6/2024"),
        (Period("thang", 2024, 12), "tháng 12 năm 2024", "Tháng 12/2024"),
        (Period("quy", 2024, 1), "quý I năm 2024", "Quý I/2024"),
        (Period("quy", 2024, 2), "quý II năm 2024", "Quý II/2024"),
        (Period("quy", 2024, 4), "quý IV năm 2024", "Quý IV/2024"),
        (Period("6thang", 2024, 1), "6 tháng đầu năm 2024", "6 tháng đầu năm 2024"),
        (Period("6thang", 2024, 2), "6 tháng cuối năm 2024", "6 tháng cuối năm 2024"),
        (Period("9thang", 2024), "9 tháng đầu năm 2024", "9 tháng 2024"),
        (Period("nam", 2023), "năm 2023", "Năm 2023"),
        (
            CUSTOM_2023,
            "năm 2023 (từ ngày 01/01/2023 đến ngày 20/11/2023)",
            "01/01/2023 – 20/11/2023",
        ),
        (
            Period("tuy_chon", 2024, None, date(2024, 3, 15), date(2024, 6, 14)),
            "năm 2024 (từ ngày 15/3/2024 đến ngày 14/6/2024)",
            "15/3/2024 – 14/6/2024",
        ),
        (
            Period("tuy_chon", 2024, None, date(2023, 12, 15), date(2024, 6, 14)),
            "từ ngày 15/12/2023 đến ngày 14/6/2024",
            "15/12/2023 – 14/6/2024",
        ),
    ],
)
def test_words_and_short_label(period: Period, words: str, label: str) -> None:
    assert period.words() == words
    assert period.short_label() == label


def test_custom_words_when_year_differs_from_range() -> None:
    period = Period("tuy_chon", 2025, None, date(2024, 3, 15), date(2024, 6, 14))
    assert period.words() == "từ ngày 15/3/2024 đến ngày 14/6/2024"


@pytest.mark.parametrize(
    ("period", "following"),
    [
        (Period("thang", 2024, 1), Period("thang", 2024, 2)),
        (Period("thang", 2024, 12), Period("thang", 2025, 1)),
        (Period("quy", 2024, 2), Period("quy", 2024, 3)),
        (Period("quy", 2024, 4), Period("quy", 2025, 1)),
        (Period("6thang", 2024, 1), Period("6thang", 2024, 2)),
        (Period("6thang", 2024, 2), Period("6thang", 2025, 1)),
        (Period("9thang", 2024), Period("9thang", 2025)),
        (Period("nam", 2023), Period("nam", 2024)),
    ],
)
def test_next_and_previous(period: Period, following: Period) -> None:
    assert period.next() == following
    assert following.previous() == period


@pytest.mark.parametrize(
    ("period", "work_after"),
    [
        (Period("thang", 2026, 12), Period("thang", 2027, 1)),
        (Period("quy", 2026, 3), Period("quy", 2026, 4)),
        (Period("6thang", 2026, 1), Period("6thang", 2026, 2)),
        (Period("9thang", 2026), Period("quy", 2026, 4)),  # what is left of the year
        (Period("nam", 2026), Period("nam", 2027)),
    ],
)
def test_the_work_that_follows_a_period(period: Period, work_after: Period) -> None:
    assert period.following() == work_after


def test_next_previous_round_trip_over_years() -> None:
    period = Period("thang", 2024, 5)
    for _ in range(30):
        period = period.next()
    assert period == Period("thang", 2026, 11)
    for _ in range(30):
        period = period.previous()
    assert period == Period("thang", 2024, 5)


@pytest.mark.parametrize("step", [Period.next, Period.previous])
def test_custom_has_no_next_or_previous(step: Any) -> None:
    with pytest.raises(ValueError, match="Kỳ tùy chọn không có kỳ liền trước hay liền sau"):
        step(CUSTOM_2023)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (Period("thang", 2024, 1), Period("thang", 2023, 1)),
        (Period("quy", 2024, 2), Period("quy", 2023, 2)),
        (Period("6thang", 2024, 2), Period("6thang", 2023, 2)),
        (Period("9thang", 2024), Period("9thang", 2023)),
        (Period("nam", 2024), Period("nam", 2023)),
        (CUSTOM_2023, Period("tuy_chon", 2022, None, date(2022, 1, 1), date(2022, 11, 20))),
        (
            Period("tuy_chon", 2024, None, date(2024, 2, 29), date(2024, 12, 14)),
            Period("tuy_chon", 2023, None, date(2023, 2, 28), date(2023, 12, 14)),
        ),
    ],
)
def test_same_period_last_year(period: Period, expected: Period) -> None:
    assert period.same_period_last_year() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thang:1/2024", Period("thang", 2024, 1)),
        ("thang:12/2024", Period("thang", 2024, 12)),
        ("thang:01/2024", Period("thang", 2024, 1)),
        ("quy:3/2024", Period("quy", 2024, 3)),
        ("6thang:1/2024", Period("6thang", 2024, 1)),
        ("6thang:2/2024", Period("6thang", 2024, 2)),
        ("9thang:2024", Period("9thang", 2024)),
        ("nam:2024", Period("nam", 2024)),
        (" QUY : 2/2024 ", Period("quy", 2024, 2)),
        ("tuy_chon:2023-01-01..2023-11-20", CUSTOM_2023),
        (
            "tuy_chon:2023-12-15..2024-06-14",
            Period("tuy_chon", 2023, None, date(2023, 12, 15), date(2024, 6, 14)),
        ),
        (
            "tuy_chon:2024-05-01..2024-05-01",
            Period("tuy_chon", 2024, None, date(2024, 5, 1), date(2024, 5, 1)),
        ),
    ],
)
def test_parse(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("thang:13/2024", "Tháng phải từ 1 đến 12"),
        ("thang:0/2024", "Tháng phải từ 1 đến 12"),
        ("quy:5/2024", "Quý phải từ 1 đến 4"),
        ("quy:0/2024", "Quý phải từ 1 đến 4"),
        ("6thang:3/2024", "Kỳ 6 tháng phải là 1 (đầu năm) hoặc 2 (cuối năm)"),
        ("tuan:1/2024", 'Loại kỳ "tuan" không có'),
        ("2024", 'Loại kỳ "2024" không có'),
        ("", 'Loại kỳ "" không có'),
        ("quy:2024", "Cần dạng quy:số/năm"),
        ("quy:II/2024", "Cần dạng quy:số/năm"),
        ("nam:1/2024", "Cần dạng nam:năm"),
        ("nam:24", "Cần dạng nam:năm"),
        ("9thang:", "Cần dạng 9thang:năm"),
        ("nam:1800", "Năm 1800 không hợp lệ"),
        ("tuy_chon:2023-01-01", "Cần dạng tuy_chon:năm-tháng-ngày..năm-tháng-ngày"),
        ("tuy_chon:2023-02-30..2023-11-20", 'Ngày "2023-02-30" không có thật'),
        ("tuy_chon:01/01/2023..20/11/2023", 'Ngày "01/01/2023" phải viết dạng năm-tháng-ngày'),
        (
            "tuy_chon:2023-11-20..2023-01-01",
            "Ngày bắt đầu 20/11/2023 sau ngày kết thúc 01/01/2023",
        ),
    ],
)
def test_parse_errors_are_vietnamese(text: str, reason: str) -> None:
    with pytest.raises(PeriodError) as info:
        Period.parse(text)
    message = str(info.value)
    assert message.startswith(f'Không hiểu kỳ báo cáo "{text}"')
    assert reason in message
    assert "Các dạng được chấp nhận: thang:1/2024, quy:3/2024" in message
    assert "tuy_chon:2023-01-01..2023-11-20" in message


def test_period_error_is_value_error() -> None:
    with pytest.raises(ValueError):
        Period.parse("quy:5/2024")


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"type": "tuan", "year": 2024}, 'Loại kỳ "tuan" không có'),
        ({"type": "quy", "year": 2024}, "Quý phải từ 1 đến 4, không phải None"),
        ({"type": "nam", "year": 2024, "number": 1}, "không có số thứ tự"),
        ({"type": "tuy_chon", "year": 2024}, "cần cả ngày bắt đầu và ngày kết thúc"),
        ({"type": "nam", "year": 2024, "start": date(2024, 1, 1)}, "Chỉ kỳ tùy chọn"),
        ({"type": "nam", "year": 3000}, "Năm 3000 không hợp lệ"),
    ],
)
def test_constructor_rejects_misshapen_periods(kwargs: dict[str, Any], reason: str) -> None:
    with pytest.raises(PeriodError, match=reason):
        Period(**kwargs)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"type": "quy", "year": 2024, "number": 2}, Period("quy", 2024, 2)),
        ({"type": "thang", "year": 2024, "number": 1}, Period("thang", 2024, 1)),
        ({"type": "nam", "year": 2023}, Period("nam", 2023)),
        ({"type": "nam", "year": 2023, "number": None}, Period("nam", 2023)),
        (
            {"type": "quy", "year": 2024, "number": 2, "from": "1999-01-01", "to": "bad"},
            Period("quy", 2024, 2),
        ),
        (
            {"type": "tuy_chon", "year": 2023, "from": "2023-01-01", "to": "2023-11-20"},
            CUSTOM_2023,
        ),
    ],
)
def test_from_json(data: dict[str, Any], expected: Period) -> None:
    assert Period.from_json(data) == expected


def test_from_json_loads_reversed_custom_range_and_reports_it() -> None:
    data = {"type": "tuy_chon", "year": 2023, "from": "2023-11-20", "to": "2023-01-01"}
    period = Period.from_json(data)
    assert period == REVERSED
    assert period.problems() == ["Ngày bắt đầu 20/11/2023 sau ngày kết thúc 01/01/2023."]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (None, "Kỳ báo cáo phải là một đối tượng"),
        ("quy:2/2024", "Kỳ báo cáo phải là một đối tượng"),
        ({"year": 2024, "number": 2}, 'Kỳ báo cáo thiếu "type"'),
        ({"type": "quy", "number": 2}, 'Kỳ báo cáo thiếu "year"'),
        ({"type": "quy", "year": 2024}, "Quý phải từ 1 đến 4"),
        ({"type": 3, "year": 2024}, '"type" phải là chữ'),
        ({"type": "quy", "year": "2024", "number": 2}, '"year" phải là số nguyên'),
        ({"type": "quy", "year": True, "number": 2}, '"year" phải là số nguyên'),
        ({"type": "quy", "year": 2024, "number": 2.0}, '"number" phải là số nguyên'),
        ({"type": "quy", "year": 2024, "number": 5}, "Quý phải từ 1 đến 4"),
        ({"type": "tuan", "year": 2024}, 'Loại kỳ "tuan" không có'),
        ({"type": "tuy_chon", "year": 2023, "from": "2023-01-01"}, 'Kỳ báo cáo thiếu "to"'),
        (
            {"type": "tuy_chon", "year": 2023, "from": "2023-13-01", "to": "2023-11-20"},
            'Ngày "2023-13-01" không có thật',
        ),
    ],
)
def test_from_json_errors(data: object, reason: str) -> None:
    with pytest.raises(PeriodError, match=reason):
        Period.from_json(data)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (
            Period("quy", 2024, 2),
            {"type": "quy", "year": 2024, "number": 2, "from": "2024-03-15", "to": "2024-06-14"},
        ),
        (
            Period("nam", 2023),
            {"type": "nam", "year": 2023, "number": None, "from": "2022-12-15", "to": "2023-12-14"},
        ),
        (
            CUSTOM_2023,
            {
                "type": "tuy_chon",
                "year": 2023,
                "number": None,
                "from": "2023-01-01",
                "to": "2023-11-20",
            },
        ),
    ],
)
def test_to_json(period: Period, expected: dict[str, Any]) -> None:
    assert period.to_json() == expected


@pytest.mark.parametrize(
    "period",
    [
        Period("thang", 2024, 1),
        Period("quy", 2024, 4),
        Period("6thang", 2024, 2),
        Period("9thang", 2024),
        Period("nam", 2023),
        CUSTOM_2023,
        REVERSED,
    ],
)
def test_json_round_trip(period: Period) -> None:
    text = json.dumps(period.to_json())
    assert Period.from_json(json.loads(text)) == period


def test_problems_empty_for_sound_periods() -> None:
    assert Period("quy", 2024, 2).problems() == []
    assert CUSTOM_2023.problems() == []


def test_problems_year_outside_range() -> None:
    period = Period("tuy_chon", 2025, None, date(2023, 1, 1), date(2023, 11, 20))
    assert period.problems() == ["Năm 2025 của kỳ báo cáo không khớp khoảng ngày 01/01/2023 – 20/11/2023."]


def test_key_sorts_chronologically() -> None:
    expected = [
        Period("nam", 2023),
        Period("thang", 2024, 1),
        Period("thang", 2024, 3),
        Period("quy", 2024, 1),
        Period("quy", 2024, 2),
        Period("6thang", 2024, 1),
        Period("quy", 2024, 3),
        Period("9thang", 2024),
        Period("thang", 2024, 12),
        Period("quy", 2024, 4),
        Period("6thang", 2024, 2),
        Period("nam", 2024),
        Period("quy", 2025, 1),
    ]
    shuffled = expected[::2] + expected[1::2]
    assert sorted(shuffled, key=Period.key) == expected


def test_key_same_type_orders_by_number() -> None:
    months = [Period("thang", 2024, m) for m in (11, 2, 12, 1, 10)]
    assert [p.number for p in sorted(months, key=Period.key)] == [1, 2, 10, 11, 12]


def test_key_custom_ranges_sort_with_the_rest() -> None:
    periods = [Period("nam", 2023), CUSTOM_2023, Period("quy", 2023, 3)]
    assert sorted(periods, key=Period.key) == [Period("quy", 2023, 3), CUSTOM_2023, periods[0]]


def test_period_is_frozen_and_hashable() -> None:
    period = Period("quy", 2024, 2)
    with pytest.raises(AttributeError):
        period.year = 2025  # type: ignore[misc]
    assert len({period, Period("quy", 2024, 2)}) == 1


@pytest.mark.parametrize(
    ("period_type", "today", "ahead", "expected"),
    [
        ("quy", date(2024, 9, 20), False, "quy:3/2024"),  # cut off on 14/9: quý III is due
        ("quy", date(2024, 9, 5), False, "quy:3/2024"),  # nine days before the cut-off
        ("quy", date(2024, 8, 20), False, "quy:3/2024"),  # no report due: the quarter under way
        ("quy", date(2024, 7, 10), False, "quy:2/2024"),  # late with quý II
        ("quy", date(2025, 1, 2), False, "quy:4/2024"),
        ("thang", date(2024, 3, 20), False, "thang:3/2024"),
        ("thang", date(2024, 4, 8), False, "thang:4/2024"),
        ("nam", date(2025, 1, 10), False, "nam:2024"),
        ("6thang", date(2024, 6, 25), False, "6thang:1/2024"),
        ("9thang", date(2024, 9, 20), False, "9thang:2024"),
        ("9thang", date(2026, 11, 20), False, "9thang:2026"),  # 9 tháng 2027 begins on 15/12/2026
        ("9thang", date(2026, 10, 20), False, "9thang:2026"),
        ("9thang", date(2026, 12, 14), False, "9thang:2026"),
        ("9thang", date(2027, 1, 10), False, "9thang:2027"),  # begun on 15/12/2026: under way
        ("nam", date(2024, 12, 20), False, "nam:2024"),
        # Late with the year: on 15/01/2027 it was 2027's, begun a month before (32 days after
        # the cut-off of 2026, past the 30 of a month or a quarter): a year's lateness is its quarter.
        ("nam", date(2027, 1, 15), False, "nam:2026"),
        ("nam", date(2027, 3, 10), False, "nam:2026"),
        ("nam", date(2027, 3, 20), False, "nam:2027"),
        ("6thang", date(2026, 7, 25), False, "6thang:1/2026"),  # 41 days after 14/6: still late
        ("quy", date(2027, 1, 15), False, "quy:1/2027"),  # 32 days: a quarter keeps its 30
        ("nam", date(2024, 12, 20), True, "nam:2025"),  # a plan after 15/12 is next year's
        ("nam", date(2024, 3, 1), True, "nam:2024"),
        ("nam", date(2026, 12, 7), True, "nam:2027"),  # drafted in December: next year's
        ("nam", date(2026, 11, 2), True, "nam:2027"),
        ("nam", date(2026, 10, 20), True, "nam:2026"),  # still this year's (a plan made late)
        ("nam", date(2027, 1, 5), True, "nam:2027"),
        # A kind's own plan of a month or a quarter: the next one only in the last days of its
        # period, as the year's from the end of October (never the month after next on 16/11).
        ("thang", date(2026, 11, 16), True, "thang:12/2026"),
        ("thang", date(2026, 12, 1), True, "thang:12/2026"),
        ("thang", date(2026, 12, 12), True, "thang:1/2027"),
        ("quy", date(2026, 11, 20), True, "quy:4/2026"),
        ("quy", date(2026, 12, 5), True, "quy:1/2027"),
        ("6thang", date(2027, 5, 1), True, "6thang:1/2027"),
        ("6thang", date(2027, 6, 1), True, "6thang:2/2027"),
    ],
)
def test_the_period_an_official_means_today(
    period_type: str, today: date, ahead: bool, expected: str
) -> None:
    assert period_to_write(period_type, today, ahead) == Period.parse(expected)


@pytest.mark.parametrize(
    ("period", "ahead", "expected"),
    [
        (Period("quy", 2025, 3), False, date(2025, 9, 15)),  # cut off on Sunday 14/9: Monday 15/9
        (Period("quy", 2024, 2), False, date(2024, 6, 17)),  # Friday 14/6: Saturday 15/6 → Monday
        (Period("quy", 2024, 4), False, date(2024, 12, 16)),  # Saturday 14/12 → Sunday → Monday
        (Period("thang", 2024, 1), False, date(2024, 1, 15)),  # a Monday already
        (Period("nam", 2023), False, date(2023, 12, 15)),
        (CUSTOM_2023, False, date(2023, 11, 21)),  # the day after a custom range, a Tuesday
        (Period("nam", 2024), True, date(2023, 12, 15)),  # a plan: the first day of its period
    ],
)
def test_the_proposed_issue_date_is_the_first_working_day_after_the_cutoff(
    period: Period, ahead: bool, expected: date
) -> None:
    assert proposed_issue_date(period, ahead) == expected
    assert expected.weekday() < 5


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 1, 1), date(2027, 1, 4)),  # Tết Dương lịch, a Friday: proposed after New Year
        (date(2026, 4, 30), date(2026, 5, 4)),  # 30/4 Thursday, 1/5 Friday, then the weekend
        (date(2025, 9, 2), date(2025, 9, 3)),  # Quốc khánh, a Tuesday
        (date(2026, 12, 31), date(2026, 12, 31)),  # the day before: a working day
    ],
)
def test_first_working_day_passes_the_public_holidays_of_fixed_days(day: date, expected: date) -> None:
    """Un-ticking «Để trống ngày» on a document dated in January 2027 proposed 01/01/2027."""
    assert first_working_day(day) == expected


def test_first_working_day_moves_only_the_weekend() -> None:
    friday = date(2025, 9, 12)
    assert [first_working_day(friday + timedelta(days=n)) for n in range(4)] == [
        friday,
        date(2025, 9, 15),
        date(2025, 9, 15),
        date(2025, 9, 15),
    ]


@pytest.mark.parametrize(
    ("earlier", "later", "words", "just_before"),
    [
        ("quy:4/2024", "quy:1/2025", "1 quý", True),
        ("quy:2/2023", "quy:3/2024", "5 quý", False),
        ("thang:12/2023", "thang:2/2024", "2 tháng", False),
        ("6thang:2/2023", "6thang:1/2024", "1 kỳ 6 tháng", True),
        ("9thang:2023", "9thang:2024", "1 năm", False),  # cut off on 14/9/2023, next from 15/12/2023
        ("nam:2021", "nam:2024", "3 năm", False),
        ("quy:2/2024", "6thang:2/2024", "6 tháng", True),  # two types: months apart, no gap between
        ("tuy_chon:2023-01-01..2023-11-20", "tuy_chon:2023-11-21..2024-03-14", "4 tháng", True),
        ("tuy_chon:2023-01-01..2023-11-20", "tuy_chon:2023-12-01..2024-03-14", "4 tháng", False),
    ],
)
def test_how_far_before_a_source_period_is(earlier: str, later: str, words: str, just_before: bool) -> None:
    assert distance_words(Period.parse(earlier), Period.parse(later)) == words
    assert follows(Period.parse(earlier), Period.parse(later)) is just_before


@pytest.mark.parametrize(
    ("period", "today", "ahead", "month"),
    [
        (Period("quy", 2026, 4), date(2027, 1, 2), False, (2027, 1)),  # usual day 15/12/2026, gone by
        (Period("thang", 2026, 12), date(2027, 1, 2), False, (2027, 1)),
        (Period("nam", 2027), date(2027, 1, 15), True, (2027, 1)),  # the plan's: 15/12/2026
        (Period("nam", 2027), date(2026, 12, 20), True, None),  # the plan signed in December
        (Period("quy", 2026, 3), date(2026, 10, 20), False, None),  # late, in the same year
        (Period("thang", 2027, 1), date(2027, 1, 15), False, None),
    ],
)
def test_a_document_made_after_its_issue_year_turned_is_dated_in_this_month(
    period: Period, today: date, ahead: bool, month: tuple[int, int] | None
) -> None:
    assert issue_month_on(period, today, ahead) == month
