"""Kind packages: every broken package is refused with its place, and nothing is installed."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from desktop_app.document.kind_package import (
    KindPackageError,
    install_package,
    lint_files,
    lint_path,
    package_bytes,
    read_zip,
    remove_kind,
)
from desktop_app.report import catalogue
from desktop_app.report.kind_lint import Finding
from desktop_app.report.periods import Period
from tests.core.conftest import is_vietnamese
from tests.core.kindkit import add_paragraph, edit_toml, exported, paragraph_count, renamed, write_package
from tests.core.system.test_safe_read import patched

NEW_ID = "bao_cao_rieng"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOANBAOCAO_HOME", str(tmp_path / "home"))
    catalogue.forget()
    return tmp_path / "home"


@pytest.fixture(scope="module")
def good() -> dict[str, bytes]:
    """The shipped quarterly kind exported and renamed: a clean own package."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return renamed(exported(Path(tmp)), NEW_ID, "Báo cáo KSTTHC của tỉnh")


def errors(files: dict[str, bytes]) -> list[Finding]:
    return [f for f in lint_files(files).findings if f.severity == "error"]


def refused(tmp_path: Path, home: Path, files: dict[str, bytes]) -> list[Finding]:
    """Import the package; it must be refused with findings and leave the kinds folder empty."""
    with pytest.raises(KindPackageError) as info:
        install_package(write_package(tmp_path / "goi.zip", files))
    assert info.value.findings
    assert not (home / "kinds").exists() or not any((home / "kinds").glob("*.toml"))
    assert NEW_ID not in catalogue.catalogue().families
    return [f for f in info.value.findings if f.severity == "error"]


def test_the_exported_renamed_package_is_clean(good: dict[str, bytes]) -> None:
    result = lint_files(good)
    assert result.kind_id == NEW_ID and result.findings == ()


# ---------------------------------------------------------------- the kind file


def test_a_misspelt_key_names_its_line_and_key(tmp_path: Path, home: Path, good: dict[str, bytes]) -> None:
    broken = edit_toml(good, 'label = "Hồ sơ giải quyết đúng hạn"', 'lable = "Hồ sơ giải quyết đúng hạn"')
    found = refused(tmp_path, home, broken)
    typo = next(f for f in found if f.code == "khoa_la")
    text = broken[f"{NEW_ID}.toml"].decode("utf-8").splitlines()
    assert typo.line is not None and text[typo.line - 1].startswith("lable")
    assert "fields[hs_dung_han].lable" in typo.place and "Có phải «label»" in typo.message


def test_toml_syntax_errors_say_line_and_column(tmp_path: Path, home: Path, good: dict[str, bytes]) -> None:
    found = refused(tmp_path, home, edit_toml(good, 'ma_loai = "BC"', 'ma_loai = "BC'))
    assert found[0].code == "toml" and "dòng" in found[0].place and "cột" in found[0].place


def test_wrong_types_and_duplicate_ids(tmp_path: Path, home: Path, good: dict[str, bytes]) -> None:
    broken = edit_toml(good, 'id = "hs_qua_han"', 'id = "hs_dung_han"')
    broken = edit_toml(broken, 'label = "Hồ sơ giải quyết trước hạn"', "label = 3")
    found = refused(tmp_path, home, broken)
    assert any(f.code == "trung_ma" and "hs_dung_han" in f.message and f.line for f in found)
    assert any(f.code == "sai_kieu" and "cần chữ" in f.message and "label" in f.place for f in found)


def test_expressions_that_do_not_parse_or_name_unknown_ids(
    tmp_path: Path, home: Path, good: dict[str, bytes]
) -> None:
    broken = edit_toml(
        good, 'compute = "share(hs_moi_truc_tuyen, hs_moi)"', 'compute = "share(hs_moi_truc_tuyen, "'
    )
    broken = edit_toml(
        broken, 'check = "hs_so_hoa_ho_so <= hs_tiep_nhan"', 'check = "hs_so_hoa <= hs_tiep_nhan"'
    )
    found = refused(tmp_path, home, broken)
    assert any(f.code == "bieu_thuc" and "tl_truc_tuyen" in f.place and f.line for f in found)
    unknown = next(
        f for f in found if f.code == "ten_la" and "rules[hs_so_hoa_ho_so_toi_da].check" in f.place
    )
    assert "hs_so_hoa" in unknown.message


def test_rules_whose_fields_are_unknown(tmp_path: Path, home: Path, good: dict[str, bytes]) -> None:
    broken = edit_toml(
        good,
        'check = "tthc_cong_khai <= tthc_cong_bo"',
        'check = "tthc_cong_khai <= tthc_cong_bo"\nfields = ["tthc_cong_khai", "tthc_da_cong_bo"]',
    )
    found = refused(tmp_path, home, broken)
    assert any(f.code == "ten_la" and "tthc_da_cong_bo" in f.message and ".fields[" in f.place for f in found)


# ---------------------------------------------------------------- the template


def last_place(files: dict[str, bytes]) -> str:
    return f"đoạn {paragraph_count(files)}"


@pytest.mark.parametrize(
    ("runs", "code", "tag"),
    [
        (("Tổng: {{ hs_tiep_nhan }",), "cu_phap", "{{ hs_tiep_nhan }"),
        (("Tổng: {{ hs_tiep_nhan_sai }}.",), "ten_la", "{{ hs_tiep_nhan_sai }}"),
        (("Tổng: {", "{ hs_tiep_nhan }}."), "the_bi_tach", "{{ hs_tiep_nhan }}"),
        (("Tổng: {{ hs_tiep_nhan }", "}."), "the_bi_tach", "{{ hs_tiep_nhan }}"),
        (("{{ ky if true else “quý” }}",), "nhay_cong", "{{ ky if true else “quý” }}"),
        (("Chữ trước {%p if raw.kien_nghi %}",), "the_p", "{%p if raw.kien_nghi %}"),
        (("{{ ''.__class__.__mro__ }}",), "noi_bo", "{{ ''.__class__.__mro__ }}"),
        (
            ("{% for i in range(raw.tthc_quan_ly) %}x{% endfor %}",),
            "vong_lap",
            "{% for i in range(raw.tthc_quan_ly) %}",
        ),
        (("{% for i in range(100000) %}x{% endfor %}",), "vong_lap", "{% for i in range(100000) %}"),
    ],
    ids=[
        "cu_phap",
        "ten_la",
        "tach_mo",
        "tach_dong",
        "nhay_cong",
        "the_p",
        "noi_bo",
        "vong_lap",
        "range_lon",
    ],
)
def test_each_broken_template_is_refused_with_its_paragraph_and_tag(
    tmp_path: Path, home: Path, good: dict[str, bytes], runs: tuple[str, ...], code: str, tag: str
) -> None:
    broken = add_paragraph(good, *runs)
    found = refused(tmp_path, home, broken)
    match = [f for f in found if f.code == code]
    assert match, [f.text() for f in found]
    assert match[0].file == f"{NEW_ID}.docx"
    assert match[0].place.startswith(last_place(broken)), match[0].place
    assert f"thẻ «{tag}»" in match[0].place


JINJA_ENGLISH = re.compile(r"\b(unexpected|expected|Encountered|named|found|Jinja|block|tag)\b")


@pytest.mark.parametrize(
    ("runs", "tag", "words"),
    [
        (("Tổng: {{ hs_tiep_nhan } hồ sơ, {{ hs_tiep_nhan }}.",), "{{ hs_tiep_nhan }", ("«}}»",)),
        (
            ("{{ hs_tiep_nhan | khong_co_loc }}",),
            "{{ hs_tiep_nhan | khong_co_loc }}",
            ("bộ lọc «khong_co_loc»",),
        ),
        (
            ("{% if hs_tiep_nhan is khong_co_thu %}x{% endif %}",),
            "{% if hs_tiep_nhan is khong_co_thu %}",
            ("phép thử",),
        ),
        (("{% if true %}x{% endiff %}",), "{% endiff %}", ("«endiff»", "Có phải «endif»?")),
        (("Chữ {% if true %}x",), "{% if true %}", ("«if»", "«{% endif %}»")),
        (("{{ (hs_tiep_nhan ] }}",), "{{ (hs_tiep_nhan ] }}", ("«]»", "«)»")),
        # A real end tag where another block is still open: never «no tag endif. Did you mean endif?»
        (
            ("{% for r in [1] %}x{% endif %}",),
            "{% endif %}",
            ("«endif»", "khối «for»", "«{% endfor %}»", "mở ở đoạn", "«{% for r in [1] %}»"),
        ),
        (("{% if true %}x{% endfor %}",), "{% endfor %}", ("«endfor»", "khối «if»", "«{% endif %}»")),
        (("x{% endif %}",), "{% endif %}", ("«endif»", "«{% if … %}»", "thừa")),
    ],
    ids=[
        "ngoac_thieu",
        "bo_loc_la",
        "phep_thu_la",
        "the_la",
        "khoi_chua_dong",
        "ngoac_le",
        "endif_trong_for",
        "endfor_trong_if",
        "endif_thua",
    ],
)
def test_jinja_errors_are_said_in_vietnamese_at_their_paragraph_and_tag(
    good: dict[str, bytes], runs: tuple[str, ...], tag: str, words: tuple[str, ...]
) -> None:
    broken = add_paragraph(good, *runs)
    found = [f for f in errors(broken) if f.code == "cu_phap"]
    assert len(found) == 1, [f.text() for f in errors(broken)]
    assert found[0].file == f"{NEW_ID}.docx"  # the Word paragraph, not the kind file's example
    assert found[0].place == f"{last_place(broken)}, thẻ «{tag}»"
    assert found[0].message.startswith("thẻ viết sai: ")
    assert all(w in found[0].message for w in words), found[0].message
    assert not JINJA_ENGLISH.search(found[0].message), found[0].message
    named = re.search(r"không có thẻ lệnh «(\w+)»\. Có phải «(\w+)»", found[0].message)
    assert not (named and named.group(1) == named.group(2)), found[0].message


def test_a_typed_field_left_without_a_tag_is_warned_and_the_package_still_installs(
    tmp_path: Path, home: Path, good: dict[str, bytes]
) -> None:
    # The IT officer types over «{{p pakn_nd }}» in Word: the commune's PAKN text would vanish.
    name = f"{NEW_ID}.docx"
    with zipfile.ZipFile(io.BytesIO(good[name])) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    assert xml.count("{{p pakn_nd }}") == 1
    typed_over = xml.replace("{{p pakn_nd }}", "Tình hình phản ánh, kiến nghị.")
    parts["word/document.xml"] = typed_over.encode("utf-8")
    edited = {**good, name: package_bytes(parts)}
    found = lint_files(edited).findings
    assert [(f.severity, f.code) for f in found] == [("warning", "khong_in")], [f.text() for f in found]
    label = catalogue.in_force("bao_cao_kstthc", Period.parse("quy:1/2026")).field("pakn_nd").label
    assert f"«{label}» («pakn_nd»)" in found[0].message and "{{p pakn_nd }}" in found[0].message
    assert found[0].file == name and is_vietnamese(found[0].message)
    install_package(write_package(tmp_path / "goi.zip", edited))  # a warning: installed all the same
    assert NEW_ID in catalogue.catalogue().families


def test_bounded_loops_pass() -> None:
    from desktop_app.document.template_lint import lint_template
    from tests.core.kindkit import add_paragraph as add

    kind = catalogue.in_force("bao_cao_kstthc", Period.parse("quy:1/2026"))
    files = {"k.docx": kind.template_bytes(), "k.toml": b""}
    files = add(
        files,
        "{% for i in range(3) %}{{ i }}{% endfor %}{% for r in muc_do_hai_long %}{{ r.stt }}{% endfor %}",
    )
    files = add(files, "{% for t in [1, 2] %}{{ t }}{% endfor %}")
    assert lint_template("k.docx", files["k.docx"], kind) == []


def test_lint_renders_the_example_and_runs_the_layout_check(good: dict[str, bytes]) -> None:
    # Nothing wrong to read in the tag: only rendering the example shows it fails.
    broken = add_paragraph(good, "{{ 1 / 0 }}")
    found = errors(broken)
    assert any(f.code == "tao_van_ban" and "ví dụ" in f.place for f in found), [f.text() for f in found]


# ---------------------------------------------------------------- zip limits, install, remove


def test_a_zip_bomb_and_odd_names_are_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bom.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("x.toml", b"a" * (30 * 1024 * 1024))
    with pytest.raises(KindPackageError, match="bom nén"):
        read_zip(bomb)
    odd = tmp_path / "odd.zip"
    with zipfile.ZipFile(odd, "w") as z:
        z.writestr("../x.toml", b"")
    with pytest.raises(KindPackageError, match="không hợp lệ"):
        read_zip(odd)
    assert lint_path(tmp_path / "khong-co.zip").findings[0].code == "goi"
    assert lint_path(bomb).findings[0].code == "goi"


@pytest.mark.parametrize(
    ("change", "words"),
    [({"encrypted": True}, "mật khẩu"), ({"method": 98}, "PPMd"), ({"damaged": True}, "bị hỏng")],
)
def test_an_encrypted_ppmd_or_damaged_package_is_refused_in_vietnamese(
    tmp_path: Path, home: Path, good: dict[str, bytes], change: dict[str, bool | int], words: str
) -> None:
    """Read as every zip from elsewhere is: a message, never a traceback, and nothing installed."""
    raw = bytearray(package_bytes(good))
    if change.pop("damaged", False):
        start = raw.find(b"PK\x03\x04") + 30 + len(f"{NEW_ID}.docx")  # the first member's data
        raw[start + 20 : start + 60] = b"\xff" * 40
    data = patched(bytes(raw), **change)  # type: ignore[arg-type]
    package = tmp_path / "goi.zip"
    package.write_bytes(data)
    with pytest.raises(KindPackageError, match=words) as info:
        install_package(package)
    assert is_vietnamese(str(info.value))
    assert not (home / "kinds").exists()
    (finding,) = lint_path(package).findings
    assert finding.code == "goi" and words in finding.text()


def test_install_replace_and_remove(tmp_path: Path, home: Path, good: dict[str, bytes]) -> None:
    result = install_package(write_package(tmp_path / "goi.zip", good))
    assert result.kind_id == NEW_ID
    fam = catalogue.family(NEW_ID)
    assert fam.is_own and fam.title == "Báo cáo KSTTHC của tỉnh"
    assert (home / "kinds" / f"{NEW_ID}.docx").is_file()
    assert sorted(p.name for p in (home / "kinds" / "vi_du" / NEW_ID).iterdir())
    reworded = edit_toml(good, 'title = "Báo cáo KSTTHC của tỉnh"', 'title = "Báo cáo KSTTHC (sửa)"')
    install_package(write_package(tmp_path / "goi2.zip", reworded))
    assert catalogue.family(NEW_ID).title == "Báo cáo KSTTHC (sửa)"
    remove_kind(NEW_ID)
    assert NEW_ID not in catalogue.catalogue().families
    with pytest.raises(KindPackageError, match="có sẵn"):
        remove_kind("bao_cao_kstthc")
    with pytest.raises(KindPackageError, match="Không có"):
        remove_kind(NEW_ID)


def test_a_builtin_id_is_refused(tmp_path: Path, home: Path) -> None:
    files = exported(tmp_path, "ke_hoach_kstthc")
    with pytest.raises(KindPackageError, match="trùng"):
        install_package(write_package(tmp_path / "kh.zip", files))
    assert not (home / "kinds").exists() or not list((home / "kinds").glob("*.toml"))


def test_the_export_is_flat_and_self_contained(tmp_path: Path) -> None:
    files = exported(tmp_path)
    text = files["bao_cao_kstthc.toml"].decode("utf-8")
    assert "extends" not in text and 'version = "tt05-2025.1"' in text
    assert "118/2025" in text and "tthc_dia_phuong_cap_huyen" not in text.split("retired")[0]
    with zipfile.ZipFile(io.BytesIO(files["bao_cao_kstthc.docx"])) as z:
        assert "word/document.xml" in z.namelist()


def test_an_example_named_in_vietnamese_in_a_package_zipped_on_windows_keeps_its_name(
    tmp_path: Path, home: Path, good: dict[str, bytes]
) -> None:
    """An IT officer renames the examples «Báo cáo quý I - xã Mỹ Hòa.json» and zips the folder
    with Windows' «Compressed folder»: the names are in code page 1258, without the UTF-8 flag.
    The example is installed under its Vietnamese name, not under what code page 437 makes of it."""
    from tests.core.report.test_arrivals import windows_name

    name = "Báo cáo quý I - xã Mỹ Hòa.json"
    raw = windows_name(f"vi_du/{name}")
    placeholder = f"vi_du/{'x' * (len(raw) - 11)}.json".encode()
    files = {k: v for k, v in good.items() if not k.startswith("vi_du/")}
    files[placeholder.decode()] = good["vi_du/000_a555c7217f5d5664.json"]
    package = write_package(tmp_path / "goi.zip", files)
    data = package.read_bytes()
    assert data.count(placeholder) == 2  # the local header and the directory
    package.write_bytes(data.replace(placeholder, raw))  # the name's bytes as Windows wrote them
    assert "vi_du/Báo cáo quý I - xã Mỹ Hòa.json" in read_zip(package)
    install_package(package)
    assert [p.name for p in (home / "kinds" / "vi_du" / NEW_ID).iterdir()] == [name]
