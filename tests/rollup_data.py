"""Roll-up inputs made from the seed fixtures: five departments of a province, a commune's quarters.

The figures are chosen by hand so that every sum in the tests is a number written there by hand:

Five departments, quý I/2025 (hồ sơ: trực tuyến, trực tiếp, từ kỳ trước | trước hạn, đúng hạn,
quá hạn | đang trong hạn, đang quá hạn):

    Sở Tư pháp      90  10   5 |  70  20   5 |  8  2
    Sở Xây dựng      1   9   0 |   4   5   1 |  0  0
    Sở Nội vụ      250  50  20 | 200  80  10 | 25  5
    Sở Y tế          0  40   3 | (38 trước và đúng hạn, one figure)  2 |  3  0
    Ban Quản lý KCN 15   5   0 |  10   8   0 |  2  0

A commune (UBND xã Mỹ Hòa), quarters of 2025: see :data:`COMMUNE_QUARTERS`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop_app.report.answers import Report, Unit, dump_report, parse_report
from desktop_app.report.kinds import load_kind
from desktop_app.report.periods import Period

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
DEPARTMENT_SEED = "000_a555c7217f5d5664"
COMMUNE_SEED = "001_65663e565db3c233"
MONTHLY_SEED = "003_bc5ae3b32bd5b2c1"
KIND_ID = "bao_cao_kstthc"
QUARTER = Period("quy", 2025, 1)
PROVINCE = Unit(
    co_quan="UBND TỈNH AN GIANG", ky_hieu="UBND", dia_danh="An Giang", cap="tinh", ten="UBND tỉnh An Giang"
)
HS = (
    "hs_moi_truc_tuyen",
    "hs_moi_truc_tiep",
    "hs_ky_truoc",
    "hs_truoc_han",
    "hs_dung_han",
    "hs_qua_han",
    "hs_dang_trong_han",
    "hs_dang_qua_han",
)
PAKN = (
    "pakn_moi",
    "pakn_ky_truoc",
    "pakn_quy_dinh",
    "pakn_hanh_vi",
    "pakn_da_xu_ly",
    "pakn_cong_khai",
    "pakn_dang_xu_ly",
)

# name, co_quan, ky_hieu, dossiers (HS), PAKN (or None: not reported), digitised (records, results)
DEPARTMENTS: tuple[
    tuple[str, str, str, tuple[int | None, ...], tuple[int, ...] | None, tuple[int, int]], ...
] = (
    ("Sở Tư pháp", "SỞ TƯ PHÁP", "STP", (90, 10, 5, 70, 20, 5, 8, 2), (2, 1, 1, 2, 3, 2, 0), (60, 50)),
    ("Sở Xây dựng", "SỞ XÂY DỰNG", "SXD", (1, 9, 0, 4, 5, 1, 0, 0), (0, 0, 0, 0, 0, 0, 0), (10, 9)),
    ("Sở Nội vụ", "SỞ NỘI VỤ", "SNV", (250, 50, 20, 200, 80, 10, 25, 5), (4, 2, 3, 3, 5, 5, 1), (300, 280)),
    ("Sở Y tế", "SỞ Y TẾ", "SYT", (0, 40, 3, None, None, 2, 3, 0), (1, 0, 1, 0, 1, 1, 0), (20, 15)),
    (
        "Ban Quản lý các khu công nghiệp",
        "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP",
        "BQL",
        (15, 5, 0, 10, 8, 0, 2, 0),
        None,
        (20, 18),
    ),
)
# Sở Y tế gives "trước và đúng hạn" as one figure.
COMBINED = {"Sở Y tế": 38}

# Quarter: dossiers (HS), PAKN (moi, ky_truoc, da_xu_ly, dang_xu_ly), digitised, TTHC (tw, dp)
COMMUNE_QUARTERS: tuple[tuple[tuple[int, ...], tuple[int, ...], tuple[int, int], tuple[int, int]], ...] = (
    ((30, 70, 10, 80, 15, 3, 10, 2), (1, 0, 1, 0), (90, 80), (100, 10)),
    ((40, 60, 12, 90, 10, 2, 9, 1), (2, 0, 1, 1), (100, 95), (101, 10)),
    ((50, 50, 10, 95, 8, 2, 4, 1), (0, 1, 1, 0), (100, 100), (103, 9)),
    ((60, 40, 5, 88, 10, 1, 5, 1), (3, 0, 2, 1), (95, 90), (104, 9)),
)
COMMUNE = Unit(
    co_quan="UBND XÃ MỸ HÒA",
    ky_hieu="UBND",
    dia_danh="Mỹ Hòa",
    cap="xa",
    co_quan_chu_quan="UBND TỈNH AN GIANG",
    ten="UBND xã Mỹ Hòa",
)


def seed(name: str) -> Report:
    return parse_report(json.loads((SEEDS / f"{name}.json").read_text(encoding="utf-8")))


def with_figures(report: Report, figures: dict[str, Any]) -> Report:
    """``report`` with every number answer dropped, then ``figures`` set (None values left out)."""
    kind = load_kind(report.kind)
    kept = {k: v for k, v in report.answers.items() if not kind.field(k).is_number}
    return report.with_answers({**kept, **{k: v for k, v in figures.items() if v is not None}})


def department(index: int, period: Period = QUARTER) -> Report:
    name, co_quan, ky_hieu, hs, pakn, digitised = DEPARTMENTS[index]
    figures: dict[str, Any] = dict(zip(HS, hs, strict=True))
    if name in COMBINED:
        figures["hs_truoc_dung_han"] = COMBINED[name]
    if pakn is not None:
        figures.update(zip(PAKN, pakn, strict=True))
    figures.update(hs_so_hoa_ho_so=digitised[0], hs_so_hoa_ket_qua=digitised[1])
    figures.update(tthc_giai_quyet_tw=100 + index, tthc_giai_quyet_dp=index)
    base = seed(DEPARTMENT_SEED)
    unit = Unit(co_quan, ky_hieu, "An Giang", "so", co_quan_chu_quan="UBND TỈNH AN GIANG", ten=name)
    text = f"{name} hoàn thành các nhiệm vụ kiểm soát TTHC {period.words()}."
    end = period.cutoff()[1]  # dated in the month the period ends, its day left to the clerk
    document = replace(base.document, ngay=(end.year, end.month))
    report = replace(base, unit=unit, period=period, document=document)
    report = with_figures(report, figures)
    return report.with_answers({**report.answers, "danh_gia_chung_nd": text})


def departments(period: Period = QUARTER) -> list[Report]:
    return [department(i, period) for i in range(len(DEPARTMENTS))]


def commune_quarter(number: int, year: int = 2025, unit: Unit = COMMUNE) -> Report:
    return quarter_of(unit, Period("quy", year, number), COMMUNE_QUARTERS[number - 1])


def quarter_of(
    unit: Unit, period: Period, row: tuple[tuple[int, ...], tuple[int, ...], tuple[int, int], tuple[int, int]]
) -> Report:
    """A commune's report of ``period`` with the figures of ``row`` (as in :data:`COMMUNE_QUARTERS`)."""
    hs, pakn, digitised, tthc = row
    figures: dict[str, Any] = dict(zip(HS, hs, strict=True))
    figures.update(zip(("pakn_moi", "pakn_ky_truoc", "pakn_da_xu_ly", "pakn_dang_xu_ly"), pakn, strict=True))
    figures.update(hs_so_hoa_ho_so=digitised[0], hs_so_hoa_ket_qua=digitised[1])
    figures.update(tthc_giai_quyet_tw=tthc[0], tthc_giai_quyet_dp=tthc[1])
    report = with_figures(replace(seed(COMMUNE_SEED), unit=unit, period=period), figures)
    words = period.words()
    text = f"Trong {words}, UBND xã tiếp tục thực hiện tốt cơ chế một cửa (ghi chú {words})."
    return report.with_answers({**report.answers, "danh_gia_chung_nd": text})


def written_quarter(number: int, year: int = 2026) -> Report:
    """The commune's quarter in the kind's version for it, its texts written for that quarter
    (the seed's speak of quý II/2024), and a satisfaction table of one row."""
    from desktop_app.report.catalogue import in_force

    report = commune_quarter(number, year)
    period = report.period
    texts = {
        "giai_quyet_tthc_nd": f"Trong {period.words()}, Bộ phận Một cửa tiếp nhận hồ sơ đúng quy trình.",
        "pakn_nd": f"Trong {period.words()}, UBND xã tiếp nhận phản ánh, kiến nghị và xử lý kịp thời.",
        "nhiem_vu": f"Phương hướng {period.following().words()}: tiếp tục rà soát TTHC.",
        "muc_do_hai_long": [{"stt": "1", "dia_phuong": "", "rat_hai_long": f"{90 + number}%"}],
    }
    report = report.with_answers({**report.answers, **texts})
    return replace(report, kind_version=in_force(KIND_ID, period).version)


def write_answer_file(path: Path, report: Report) -> Path:
    path.write_text(json.dumps(dump_report(report), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def many_departments(count: int, period: Period = QUARTER) -> list[Report]:
    """``count`` units made from the five departments, each its own name (for the benchmark)."""
    out = []
    for i in range(count):
        report = department(i % len(DEPARTMENTS), period)
        name = f"Đơn vị số {i + 1:03d}"
        out.append(replace(report, unit=replace(report.unit, co_quan=name.upper(), ten=name)))
    return out


# ---------------------------------------------------------------- communes merged on 01/7/2025

# UBND xã Tân Phú continues UBND xã Phú An and UBND xã Phú Bình (and, in one test, Phú Cường):
# the old communes sent quý I–II/2025, the new one quý III–IV. Each row as in COMMUNE_QUARTERS:
#                     hồ sơ: tt, tiếp, từ kỳ trước | trước, đúng, quá hạn | đang trong, quá hạn
#   Phú An    quý I    20  30  4 | 40  8  2 | 3  1      PAKN 1 0 1 0   số hóa 40 35
#   Phú An    quý II   25  35  4 | 50  7  3 | 3  1      PAKN 2 0 1 1   số hóa 45 40
#   Phú Bình  quý I    10  20  2 | 25  4  1 | 2  0      PAKN 0 0 0 0   số hóa 20 18
#   Phú Bình  quý II   12  18  2 | 24  5  1 | 1  1      PAKN 1 0 1 0   số hóa 22 20
#   Phú Cường quý I     5   5  0 |  8  2  0 | 0  0      PAKN 0 0 0 0   số hóa 10 10
#   Tân Phú   quý III  50  60  6 | 90 15  3 | 6  2      PAKN 2 1 2 1   số hóa 80 75
#   Tân Phú   quý IV   45  55  8 | 85 12  3 | 6  2      PAKN 1 1 2 0   số hóa 70 66
# (Tân Phú's quý III carried in 6 = Phú An's 4 + Phú Bình's 2 still being resolved on 14/6.)


def commune(name: str, place: str) -> Unit:
    return Unit(
        co_quan=name.upper(),
        ky_hieu="UBND",
        dia_danh=place,
        cap="xa",
        co_quan_chu_quan="UBND TỈNH AN GIANG",
        ten=name,
    )


TAN_PHU = commune("UBND xã Tân Phú", "Tân Phú")
PHU_AN = commune("UBND xã Phú An", "Phú An")
PHU_BINH = commune("UBND xã Phú Bình", "Phú Bình")
PHU_CUONG = commune("UBND xã Phú Cường", "Phú Cường")
MERGED_QUARTERS: dict[
    str, dict[int, tuple[tuple[int, ...], tuple[int, ...], tuple[int, int], tuple[int, int]]]
] = {
    PHU_AN.ten: {
        1: ((20, 30, 4, 40, 8, 2, 3, 1), (1, 0, 1, 0), (40, 35), (100, 10)),
        2: ((25, 35, 4, 50, 7, 3, 3, 1), (2, 0, 1, 1), (45, 40), (101, 10)),
        3: ((9, 9, 4, 10, 5, 1, 5, 1), (0, 1, 1, 0), (9, 9), (101, 10)),  # sent after the merger
    },
    PHU_BINH.ten: {
        1: ((10, 20, 2, 25, 4, 1, 2, 0), (0, 0, 0, 0), (20, 18), (100, 8)),
        2: ((12, 18, 2, 24, 5, 1, 1, 1), (1, 0, 1, 0), (22, 20), (100, 8)),
    },
    PHU_CUONG.ten: {1: ((5, 5, 0, 8, 2, 0, 0, 0), (0, 0, 0, 0), (10, 10), (90, 5))},
    TAN_PHU.ten: {
        3: ((50, 60, 6, 90, 15, 3, 6, 2), (2, 1, 2, 1), (80, 75), (110, 12)),
        4: ((45, 55, 8, 85, 12, 3, 6, 2), (1, 1, 2, 0), (70, 66), (112, 12)),
    },
}
MERGED = {u.ten: u for u in (TAN_PHU, PHU_AN, PHU_BINH, PHU_CUONG)}


def merged_quarter(name: str, number: int) -> Report:
    """The quarter of 2025 a commune of the merger sent, in the kind's version for the quarter."""
    from desktop_app.report.catalogue import in_force

    period = Period("quy", 2025, number)
    report = quarter_of(MERGED[name], period, MERGED_QUARTERS[name][number])
    return replace(report, kind_version=in_force(KIND_ID, period).version)
