"""Hostile answer files (issue 14): every one gets a Vietnamese message, quickly, and changes nothing.

Each case is what an audit fed the landed code: it hung (``1e999999999``), printed a traceback, or
was read wrongly ("false" as true, "²" as a document number). They are checked through
:func:`load_answer_file`, and through the command line's ``check``, ``render`` and ``import``.
"""

from __future__ import annotations

import copy
import json
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.report.answers import MAX_TEXT_CHARS, AnswerFileError, coerce, load_answer_file, parse_report
from desktop_app.report.kinds import Column, Field, load_kind
from desktop_app.storage import Store
from tests.core.conftest import SEED_FIXTURES, db_content, is_vietnamese

SEED = json.loads((SEED_FIXTURES / "000_a555c7217f5d5664.json").read_text(encoding="utf-8"))
FIELD = '"hs_moi_truc_tiep": 3'


def raw_number(token: str) -> str:
    """The seed's text with one whole-number field holding ``token`` as written in the file."""
    text = json.dumps(SEED, ensure_ascii=False)
    assert FIELD in text
    return text.replace(FIELD, f'"hs_moi_truc_tiep": {token}')


def changed(**document: Any) -> str:
    data = copy.deepcopy(SEED)
    data["document"].update(document)
    return json.dumps(data, ensure_ascii=False)


CASES = {
    "1e999999999": (raw_number("1e999999999"), "quá lớn"),
    "NaN": (raw_number("NaN"), "không phải một số"),
    "Infinity": (raw_number("Infinity"), "không phải một số"),
    "-Infinity": (raw_number("-Infinity"), "không phải một số"),
    "1e-999999999": (raw_number("1e-999999999"), "cần số nguyên"),
    "5001 digits": (raw_number("9" * 5001), "số nguyên quá dài"),
    "16 digits": (raw_number("1" * 16), "quá lớn"),
    "nested 100000": (raw_number("[" * 100_000 + "]" * 100_000), "lồng nhau quá sâu"),
    "so ²": (changed(so="²"), "chỉ gồm chữ số 0–9"),
    "so ٣": (changed(so="٣"), "chỉ gồm chữ số 0–9"),
    "false in quotes": (changed(dem_hai_chu_so="false"), "cần true hoặc false"),
    "so as a list": (changed(so=[["x"]]), "cần chữ"),
    "long text": (changed(trich_yeu="a" * (MAX_TEXT_CHARS + 1)), "chữ quá dài"),
}


@pytest.fixture(params=list(CASES), ids=list(CASES))
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    text, words = CASES[request.param]
    path = tmp_path / "tu_cap_duoi.json"
    path.write_text(text, encoding="utf-8")
    return path, words


def test_each_hostile_file_gets_a_vietnamese_message_at_once(hostile: tuple[Path, str]) -> None:
    path, words = hostile
    start = time.perf_counter()
    with pytest.raises(AnswerFileError) as err:
        load_answer_file(path)
    elapsed = time.perf_counter() - start
    message = str(err.value)
    assert words in message
    assert is_vietnamese(message)
    assert len(message) < 2000  # the long text is not echoed back
    print(f"{path.name}: {elapsed * 1000:.0f} ms")  # measured, never asserted


def test_check_render_and_import_refuse_it_and_change_nothing(
    hostile: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, words = hostile
    db = tmp_path / "soanbaocao.db"
    with Store.open(db) as store:
        store.import_report(SEED_FIXTURES / "001_65663e565db3c233.json")
    before = db_content(db)
    docx = tmp_path / "ra.docx"
    for args in (["check", path], ["render", path, "-o", docx], ["--db", db, "import", path]):
        assert main([str(a) for a in args]) == 2
        err = capsys.readouterr().err
        assert words in err and is_vietnamese(err) and "Traceback" not in err
    assert not docx.exists()
    assert db_content(db) == before


def test_the_string_false_is_not_read_as_true_anywhere() -> None:
    kind = load_kind("bao_cao_kstthc")
    flag = next(f for f in kind.fields() if f.type == "boolean")
    for value in ("false", "true", 0, 1, "Không"):
        with pytest.raises(ValueError, match="cần true hoặc false"):
            coerce(flag, value)
    assert coerce(flag, False) is False
    data = json.loads(changed(dem_hai_chu_so=False))
    assert parse_report(data).document.dem_hai_chu_so is False


def test_a_document_number_is_ascii_digits_only() -> None:
    for good in ("", "5", "05", "123456"):
        assert parse_report(json.loads(changed(so=good))).document.so == good
    for bad in ("1234567", "5a", "V", "５"):
        with pytest.raises(AnswerFileError, match=r"document\.so"):
            parse_report(json.loads(changed(so=bad)))


def test_numbers_in_tables_and_typed_text_are_bounded_too() -> None:
    kind = load_kind("bao_cao_kstthc")
    number = kind.field("hs_moi_truc_tiep")
    for text in ("1e999999999", "9" * 5001, "1.000.000.000.000.000", "0,1234567"):
        with pytest.raises(ValueError) as err:
            coerce(number, text)
        assert is_vietnamese(str(err.value))
    assert coerce(number, "999.999.999.999.999") == 999_999_999_999_999
    # a table with figures (a kind file may declare one): its cells pass the same door
    table = Field(
        id="bang",
        label="Bảng",
        type="table",
        section="",
        columns=(Column("so_ho_so", "Số hồ sơ", "integer"), Column("ghi_chu", "Ghi chú", "text")),
    )
    assert coerce(table, [{"so_ho_so": "22.278"}]) == [{"so_ho_so": 22278, "ghi_chu": ""}]
    with pytest.raises(ValueError, match="quá lớn"):
        coerce(table, [{"so_ho_so": "1" * 20}])
    with pytest.raises(ValueError, match="không phải một số"):
        coerce(table, [{"so_ho_so": Decimal("NaN")}])
    with pytest.raises(ValueError, match="chữ quá dài"):
        coerce(table, [{"ghi_chu": "x" * (MAX_TEXT_CHARS + 1)}])
    with pytest.raises(ValueError, match="cần chữ"):
        coerce(table, [{"ghi_chu": [[["sâu"]]]}])


def test_answer_files_inside_a_zip_pass_the_same_door(tmp_path: Path) -> None:
    """How a roll-up reads a zip of its units' answer files (issue 16 builds on this)."""
    import zipfile

    from desktop_app.report.answers import load_answer_bytes
    from desktop_app.system import safe_read

    path = tmp_path / "cac_xa.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xa_a.json", json.dumps(SEED, ensure_ascii=False))
        archive.writestr("xa_b.json", CASES["1e999999999"][0])
        archive.writestr("ghi_chu.txt", "không phải tệp trả lời")
    found = {}
    for entry, raw in safe_read.zip_members(path, safe_read.PACKAGE, suffix=".json"):
        try:
            found[entry] = load_answer_bytes(raw, f"{path.name} › {entry}").kind
        except AnswerFileError as exc:
            found[entry] = str(exc)
    assert found["xa_a.json"] == "bao_cao_kstthc"
    assert "quá lớn" in found["xa_b.json"] and set(found) == {"xa_a.json", "xa_b.json"}
