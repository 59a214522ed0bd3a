"""Kinds by date: the shipped versions, which one a period gets, overlays, own kinds."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import threading
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop_app.document.render import render_report
from desktop_app.report import catalogue
from desktop_app.report.answers import Report, Unit, load_answer_file, parse_report
from desktop_app.report.checks import check
from desktop_app.report.kinds import KindError, build_kind, kind_ids
from desktop_app.report.periods import Period
from desktop_app.report.prefill import PrefillError, new_report
from desktop_app.report.toml_text import dumps
from scripts.record_seed_renders import read_record
from tests.core.conftest import BASE, SEED_FIXTURES

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def own_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOANBAOCAO_HOME", str(tmp_path / "home"))
    catalogue.forget()
    return tmp_path / "home" / "kinds"


@pytest.mark.parametrize(
    ("kind_id", "period", "version"),
    [
        ("bao_cao_kstthc", "quy:2/2025", "tt01-2020.1"),  # 15/3 – 14/6/2025
        ("bao_cao_kstthc", "6thang:1/2025", "tt01-2020.1"),  # ends 14/6/2025
        ("bao_cao_kstthc", "quy:3/2025", "nd118-2025.1"),  # 15/6 – 14/9/2025: runs past 30/6
        ("bao_cao_kstthc", "nam:2025", "nd118-2025.1"),
        ("bao_cao_kstthc", "tuy_chon:2025-01-01..2025-06-30", "tt01-2020.1"),
        ("bao_cao_kstthc", "tuy_chon:2025-01-01..2025-07-01", "nd118-2025.1"),
        ("bao_cao_kstthc", "quy:1/2026", "tt05-2025.1"),  # 15/12/2025 – 14/3/2026
        ("bao_cao_thang_cctthc", "thang:6/2025", "vpcp5633-2023.1"),
        ("bao_cao_thang_cctthc", "thang:7/2025", "hai-cap-2025.1"),
        ("ke_hoach_kstthc", "nam:2024", "kh-kstthc.1"),
        ("ke_hoach_kstthc", "nam:2026", "kh-kstthc-hai-cap.1"),
    ],
)
def test_the_version_in_force_is_judged_by_the_end_of_the_cut_off(
    kind_id: str, period: str, version: str
) -> None:
    assert catalogue.in_force(kind_id, Period.parse(period)).version == version


def test_the_tt5_boundary_falls_between_two_months() -> None:
    fam = catalogue.family("bao_cao_kstthc")
    assert fam.in_force(Period.parse("quy:4/2025")) == fam.version("nd118-2025.1")
    assert catalogue.in_force("bao_cao_kstthc", Period.parse("quy:1/2026")).legal_basis.startswith(
        "Thông tư số 5/2025/TT-VPCP"
    )
    assert [str(k.valid_until) for k in fam.versions] == ["2025-06-30", "2026-02-14", "None"]


def test_after_the_reform_the_kinds_have_no_huyen_level() -> None:
    for kind_id in kind_ids():
        kind = catalogue.in_force(kind_id, Period.parse("nam:2025"))
        assert "huyen" not in kind.unit_levels, kind_id
        labels = [f.label for f in kind.fields()] + [s.heading for s in kind.sections]
        assert not [t for t in labels if "huyện" in t.lower()], kind_id
        old = catalogue.family(kind_id).versions[0]
        assert "huyen" in old.unit_levels
    monthly = catalogue.in_force("bao_cao_thang_cctthc", Period.parse("thang:1/2026"))
    assert not monthly.has_field("co_cap_huyen") and not monthly.has_field("hs_tiep_nhan_huyen")
    assert "co_cap_huyen" in monthly.retired
    assert not [r for r in monthly.rules if "huyen" in r.id]


def test_the_one_stop_part_cites_nghi_dinh_118_from_july_2025() -> None:
    old = catalogue.in_force("bao_cao_kstthc", Period.parse("quy:2/2025"))
    new = catalogue.in_force("bao_cao_kstthc", Period.parse("quy:3/2025"))
    assert old.section("mc_nghi_dinh_61").heading == "Tình hình triển khai Nghị định số 61/2018/NĐ-CP"
    assert new.section("mc_nghi_dinh_61").heading == "Tình hình triển khai Nghị định số 118/2025/NĐ-CP"
    assert "61/2018" not in new.field("mc_nghi_dinh_61_nd").label
    # The overlay states only what differs: the rest is the base kind's, field for field.
    assert [f.id for f in new.fields()] == [f.id for f in old.fields() if f.id != "tthc_dia_phuong_cap_huyen"]
    assert new.field("hs_moi").help == old.field("hs_moi").help
    assert new.template_path == old.template_path  # the template is shared


def test_the_tt5_version_says_the_official_outline_is_not_shipped() -> None:
    kind = catalogue.in_force("bao_cao_kstthc", Period.parse("quy:1/2026"))
    assert "CHƯA có trong ứng dụng" in kind.notice and "5/2025/TT-VPCP" in kind.notice
    # Today's outline, unchanged: the same sections as the version before.
    before = catalogue.family("bao_cao_kstthc").version("nd118-2025.1")
    assert before is not None and [s.id for s in kind.sections] == [s.id for s in before.sections]


@pytest.mark.parametrize("kind_id", kind_ids())
def test_every_version_writes_back_as_the_same_toml(kind_id: str) -> None:
    for kind in catalogue.family(kind_id).versions:
        text = dumps(dict(kind.source))
        assert tomllib.loads(text) == dict(kind.source)
        again = build_kind(tomllib.loads(text), Path(f"{kind.id}.toml"))
        assert (again.sections, again.rules, again.retired) == (kind.sections, kind.rules, kind.retired)


# ---------------------------------------------------------------- seeds unchanged


@pytest.mark.parametrize("seed", sorted(SEED_FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_the_seeds_render_byte_identical_with_their_first_version(seed: Path) -> None:
    """The seeds are of periods before every later version: they render with their kind's first
    version, byte for byte as the kind read straight from its one file, and as recorded in
    tests/fixtures/seeds/rendered.sha256 (a change there is made on purpose: see
    scripts/record_seed_renders.py)."""
    report = load_answer_file(seed)
    first = catalogue.family(report.kind).versions[0]
    assert report.kind_version == first.version
    data = render_report(report).data
    direct = parse_report(json.loads(seed.read_text("utf-8")), kind=first)
    assert render_report(direct).data == data
    recorded = read_record(SEED_FIXTURES / "rendered.sha256")
    assert hashlib.sha256(data).hexdigest() == recorded[seed.stem], (
        f"{seed.stem}: the document changed; if on purpose, look at it and run scripts/record_seed_renders.py"
    )


# ---------------------------------------------------------------- reports and versions


def commune(period: str, **answers: Any) -> Report:
    data = copy.deepcopy(BASE)
    data["period"] = Period.parse(period).to_json()
    data["unit"].update(co_quan="UBND XÃ SƠN HẢI", ten="UBND xã Sơn Hải", ky_hieu="UBND", cap="xa")
    data["answers"] = answers
    return parse_report(data)


def test_a_report_keeps_its_version_in_the_answer_file() -> None:
    report = commune("quy:3/2025")
    assert report.kind_version == "nd118-2025.1"
    data = json.loads(json.dumps({"kind_version": "tt01-2020.1", **copy.deepcopy(BASE)}))
    data["period"] = Period.parse("quy:3/2025").to_json()
    kept = parse_report(data)
    assert kept.kind_version == "tt01-2020.1"
    assert catalogue.kind_of(kept).section("mc_nghi_dinh_61").heading.endswith("61/2018/NĐ-CP")
    data["kind_version"] = "khong-co"
    with pytest.raises(Exception, match="không có phiên bản «khong-co»"):
        parse_report(data)


def test_a_file_without_a_version_gets_the_version_its_answers_fit() -> None:
    # Written before versions existed, for quý III/2025, with a huyện figure typed.
    report = commune("quy:3/2025", tthc_dia_phuong_cap_huyen=3)
    assert report.kind_version == "tt01-2020.1"
    assert commune("quy:3/2025", tthc_dia_phuong_cap_xa=3).kind_version == "nd118-2025.1"


def test_prefill_across_the_boundary_maps_by_id_and_lists_what_is_gone() -> None:
    data = copy.deepcopy(BASE)
    data.update(kind="bao_cao_thang_cctthc", period=Period.parse("thang:6/2025").to_json())
    data["unit"].update(cap="tinh")
    data["answers"] = {
        "co_cap_huyen": True,
        "hs_tiep_nhan_huyen": 120,
        "hs_tiep_nhan_tinh": 50,
        "tthc_dvctt_mot_phan": 30,
        "ket_qua_dat_duoc": "Đạt.",
    }
    previous = parse_report(data)
    result = new_report(
        "bao_cao_thang_cctthc", Period.parse("thang:7/2025"), previous.unit, previous.document, previous
    )
    assert result.report.kind_version == "hai-cap-2025.1"
    assert result.report.answers["tthc_dvctt_mot_phan"] == 30  # carried by id
    assert result.report.answers["ket_qua_dat_duoc"] == "Đạt."
    assert result.dropped == (
        "«Có số liệu cấp huyện» (co_cap_huyen)",
        "«Cấp huyện: số hồ sơ đã tiếp nhận» (hs_tiep_nhan_huyen)",
    )
    assert any("không chuyển sang" in n and "hs_tiep_nhan_huyen" in n for n in result.notes)


def test_a_huyen_unit_writes_old_periods_only() -> None:
    unit = Unit("UBND HUYỆN TRÀ CÚ", "UBND", "Trà Cú", "huyen")
    old = load_answer_file(sorted(SEED_FIXTURES.glob("002_*.json"))[0])
    new_report("bao_cao_kstthc", Period.parse("quy:2/2025"), unit, old.document)
    with pytest.raises(PrefillError, match="chỉ dành cho đơn vị cấp"):
        new_report("bao_cao_kstthc", Period.parse("quy:3/2025"), unit, old.document)
    data = copy.deepcopy(BASE)
    data["period"] = Period.parse("quy:3/2025").to_json()
    data["unit"]["cap"] = "huyen"
    issues = check(parse_report(data))
    assert [i.code for i in issues if i.code == "cap_don_vi"] == ["cap_don_vi"]


def test_a_commune_q1_2026_report_has_no_district_level_and_cites_118() -> None:
    from docx import Document

    report = commune(
        "quy:1/2026",
        tthc_dia_phuong_cap_tinh=10,
        tthc_dia_phuong_cap_xa=5,
        tthc_dia_phuong_tw=12,
        tthc_dia_phuong_dp=3,
        mc_nghi_dinh_61_nd="Kiện toàn Trung tâm Phục vụ hành chính công xã.",
    )
    import io

    text = "\n".join(p.text for p in Document(io.BytesIO(render_report(report).data)).paragraphs)
    assert "Nghị định số 118/2025/NĐ-CP" in text and "61/2018" not in text
    assert "huyện" not in text.lower()
    assert "(cấp tỉnh: 10; cấp xã: 05)" in text


# ---------------------------------------------------------------- own kinds with versions


def test_an_own_kind_with_an_overlay_and_a_forked_template(own_folder: Path) -> None:
    own_folder.mkdir(parents=True)
    source = (ROOT / "resources/kinds/ke_hoach_kstthc.toml").read_text("utf-8")
    (own_folder / "ke_hoach_rieng.toml").write_text(
        source.replace('id = "ke_hoach_kstthc"', 'id = "ke_hoach_rieng"'), "utf-8"
    )
    shutil.copy(ROOT / "templates_docx/ke_hoach_kstthc.docx", own_folder / "ke_hoach_rieng.docx")
    (own_folder / "ke_hoach_rieng@2027-01-01.toml").write_text(
        'extends = "ke_hoach_rieng"\nversion = "2027"\nvalid_from = 2027-01-01\n'
        'title = "Kế hoạch riêng 2027"\n'
        '[change.muc_dich]\nheading = "Mục đích"\n',
        "utf-8",
    )
    fam = catalogue.family("ke_hoach_rieng")
    assert fam.is_own and [k.version for k in fam.versions] == ["kh-kstthc.1", "2027"]
    assert fam.versions[1].template_path == own_folder / "ke_hoach_rieng.docx"
    shutil.copy(own_folder / "ke_hoach_rieng.docx", own_folder / "ke_hoach_rieng@2027-01-01.docx")
    fam = catalogue.family("ke_hoach_rieng")  # the folder changed: read again
    assert fam.versions[1].template_path.name == "ke_hoach_rieng@2027-01-01.docx"
    assert fam.title == "Kế hoạch riêng 2027"


def test_a_batch_holds_the_catalogue_and_the_next_one_sees_a_new_kind(own_folder: Path) -> None:
    own_folder.mkdir(parents=True)
    source = (ROOT / "resources/kinds/ke_hoach_kstthc.toml").read_text("utf-8")
    with catalogue.held() as held:
        assert catalogue.catalogue() is held
        (own_folder / "kh_moi.toml").write_text(source.replace('id = "ke_hoach_kstthc"', 'id = "kh_moi"'))
        shutil.copy(ROOT / "templates_docx/ke_hoach_kstthc.docx", own_folder / "kh_moi.docx")
        with pytest.raises(KindError):  # the batch works with the kinds it started with
            catalogue.family("kh_moi")
        elsewhere: list[bool] = []  # another thread (the app's window) looks at the folder
        worker = threading.Thread(target=lambda: elsewhere.append(catalogue.family("kh_moi").is_own))
        worker.start()
        worker.join()
        assert elsewhere == [True]
        with catalogue.held() as inner:
            assert inner is held
        assert catalogue.catalogue() is held
    assert catalogue.family("kh_moi").is_own
    assert catalogue.catalogue() is not held


def test_an_own_kind_may_not_take_a_builtin_id(own_folder: Path) -> None:
    own_folder.mkdir(parents=True)
    shutil.copy(ROOT / "resources/kinds/ke_hoach_kstthc.toml", own_folder)
    assert catalogue.family("ke_hoach_kstthc").origin == "builtin"
    assert "trùng" in catalogue.catalogue().broken["ke_hoach_kstthc"]


def test_a_version_file_with_the_wrong_date_is_refused(own_folder: Path) -> None:
    own_folder.mkdir(parents=True)
    shutil.copy(ROOT / "resources/kinds/ke_hoach_kstthc.toml", own_folder / "kh.toml")
    text = (own_folder / "kh.toml").read_text("utf-8").replace('id = "ke_hoach_kstthc"', 'id = "kh"')
    (own_folder / "kh.toml").write_text(text, "utf-8")
    (own_folder / "kh@2027-01-01.toml").write_text(
        'extends = "kh"\nversion = "2"\nvalid_from = 2027-02-01\n', "utf-8"
    )
    with pytest.raises(KindError, match="valid_from phải là 2027-01-01"):
        catalogue.load_family(own_folder, "kh", "own")
    assert "kh" in catalogue.catalogue().broken


@pytest.mark.parametrize("kind_id", kind_ids())
def test_every_shipped_version_lints_clean_and_renders_in_the_layout(kind_id: str) -> None:
    from desktop_app.document.kind_package import render_check
    from desktop_app.document.template_lint import lint_template
    from desktop_app.report.kind_lint import lint_kind_text

    for path in catalogue.kind_files(ROOT / "resources/kinds", kind_id):
        overlay_ids = frozenset(f.id for f in catalogue.family(kind_id).versions[0].fields())
        assert lint_kind_text(path.name, path.read_text("utf-8"), overlay_ids).findings == ()
    for kind in catalogue.family(kind_id).versions:
        assert lint_template(kind.template_path.name, kind.template_bytes(), kind) == []
        assert render_check(kind, {}) == [], kind.version


def test_a_kind_offers_every_period_type_of_its_versions_the_latest_first(edit_kinds: Any) -> None:
    """A version that stops a period type (here the newest drops «tùy chọn») still lets an official
    choose it, for a period an older version covers: the dialogs offer the family's types."""
    newest = "bao_cao_kstthc@2026-02-15.toml"
    edit_kinds({newest: ("valid_from = 2026-02-15\n", 'valid_from = 2026-02-15\nperiods = ["nam", "quy"]\n')})
    fam = catalogue.family("bao_cao_kstthc")
    assert fam.latest.periods == ("nam", "quy")
    assert fam.period_types == ("nam", "quy", "6thang", "9thang", "tuy_chon")
    spring = Period("tuy_chon", 2025, None, date(2025, 1, 1), date(2025, 5, 31))
    assert "tuy_chon" in catalogue.in_force("bao_cao_kstthc", spring).periods
