"""Rendering: escaping on, clean text, real paragraphs and footnotes, strict XML, safe writes."""

from __future__ import annotations

import io
import os
import re
import shutil
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from desktop_app.document.render import RenderError, render_report, render_template
from desktop_app.document.template_faults import paragraphs as template_paragraphs
from desktop_app.report.answers import parse_report
from desktop_app.report.kinds import load_kind
from desktop_app.system.files import OutputError, TargetLockedError
from tests.seedtext import docx_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def document_xml(data: bytes, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(part).decode("utf-8")


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    doc = Document(io.BytesIO(data))
    return [(p.style.style_id if p.style is not None else "", p.text) for p in doc.paragraphs]


def render_with_opening(answer_data: dict[str, Any], text: str) -> bytes:
    answer_data["answers"] = {"mo_dau": text}
    return render_report(parse_report(answer_data)).data


HOSTILE = [
    "A & B < C > D \"quoted\" 'single' </w:t></w:r></w:p> {{ ky }} {% if x %}",
    "Dán từ Excel:\x07\x0b\x0c\x1b[0m xong",
    "Emoji 👍🏽 và 🇻🇳 trong báo cáo",
    unicodedata.normalize("NFD", "Hồ sơ được số hóa, kiểm soát thủ tục hành chính"),
    "dài " * 12_500,
]


@pytest.mark.parametrize("text", HOSTILE, ids=["xml", "control", "emoji", "nfd", "long"])
def test_hostile_text_renders_whole(answer_data: dict[str, Any], text: str) -> None:
    data = render_with_opening(answer_data, text)
    body = docx_text(data).split("\n")
    expected = unicodedata.normalize("NFC", "".join(c for c in text if c >= " " or c == "\t")).strip()
    assert expected in body
    assert body.index(expected) < body.index("Nơi nhận:")  # nothing after the answer was cut


def test_multi_paragraph_answer_becomes_real_paragraphs(answer_data: dict[str, Any]) -> None:
    data = render_with_opening(answer_data, "Đoạn một.\n\n- Gạch đầu dòng;\nĐoạn ba")
    body = paragraphs(data)
    for text in ("Đoạn một.", "- Gạch đầu dòng;"):
        assert (("NoiDung", text)) in body
    assert "<w:br/>" not in document_xml(data)


def test_footnotes_are_real_word_footnotes(answer_data: dict[str, Any]) -> None:
    data = render_with_opening(
        answer_data, "Căn cứ Thông tư[[Thông tư số 01/2020/TT-VPCP & phụ lục]] và[[Thứ hai]]."
    )
    xml = document_xml(data)
    assert xml.count("<w:footnoteReference ") == 2
    notes = document_xml(data, "word/footnotes.xml")
    assert "Thông tư số 01/2020/TT-VPCP &amp; phụ lục" in notes
    assert 'w:id="2"' in notes
    assert "[[" not in xml


def test_body_ends_with_the_final_mark(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"ket_luan": "Trên đây là báo cáo./"}
    body = [t for s, t in paragraphs(render_report(parse_report(answer_data)).data) if s == "NoiDung" and t]
    assert body[-1].endswith("./.")
    assert not body[-1].endswith("././.")


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    source = load_kind("bao_cao_kstthc").template_path
    target = tmp_path / "hong.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.namelist():
            data = zin.read(item)
            if item == "word/document.xml":
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new, 1).encode("utf-8")
            zout.writestr(item, data)
    return target


def test_broken_tag_is_a_clear_error(tmp_path: Path, answer_data: dict[str, Any]) -> None:
    body = broken_copy(tmp_path, "{{", "{{ ( ")
    with pytest.raises(RenderError, match=r"hong\.docx.*viết sai"):
        render_template(body, render_report(parse_report(answer_data)).context)


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("{{ tthc_tham_dinh }", "dấu «}» thừa"),
        ("{{ ky | khong_co_loc }}", "không có bộ lọc «khong_co_loc»"),
    ],
    ids=["ngoac_thieu", "bo_loc_la"],
)
def test_a_template_edited_by_hand_names_its_wrong_paragraph_and_the_lint_command(
    tmp_path: Path, answer_data: dict[str, Any], written: str, words: str
) -> None:
    # IT staff edit the installed template directly, skipping lint: the render says where.
    tag = "{{ " + written.split()[1] + " }}"  # the tag as shipped, before the hand edit
    body = broken_copy(tmp_path, tag, written)
    with zipfile.ZipFile(body) as z:
        place = next(p.place for p in template_paragraphs(z.read("word/document.xml")) if written in p.text)
    with pytest.raises(RenderError) as info:
        render_template(body, render_report(parse_report(answer_data)).context)
    message = str(info.value)
    assert f"hong.docx», {place}, thẻ «{written}»: thẻ viết sai: {words}" in message, message
    assert "soanbaocao kind lint" in message
    assert not re.search(r"\b(unexpected|named|found|gần)\b", message), message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "không tìm thấy tệp"),  # deleted or renamed in the kinds folder
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "không phải tệp Word .docx"),  # a .doc renamed
    ],
    ids=["mat_tep", "tep_doc"],
)
def test_a_template_file_missing_or_no_docx_is_said_in_vietnamese_with_its_name(
    tmp_path: Path, answer_data: dict[str, Any], content: bytes | None, words: str
) -> None:
    body = tmp_path / "mau_rieng.docx"
    if content is not None:
        body.write_bytes(content)
    with pytest.raises(RenderError) as info:
        render_template(body, render_report(parse_report(answer_data)).context)
    message = str(info.value)
    assert "«mau_rieng.docx»" in message and words in message, message
    assert not re.search(r"Errno|No such|zip file|File is", message), message


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("{{ so_ky_hieu + 1 }}", "phép tính giữa chữ và số"),  # the document number is text
        ("{{ 1 / 0 }}", "chia cho 0"),
    ],
)
def test_a_templates_own_calculation_that_fails_is_said_in_vietnamese(
    tmp_path: Path, answer_data: dict[str, Any], tag: str, words: str
) -> None:
    body = broken_copy(tmp_path, "{{p mo_dau }}", tag)
    with pytest.raises(RenderError) as info:
        render_template(body, render_report(parse_report(answer_data)).context)
    message = str(info.value)
    assert message.startswith(f"Mẫu «{body.name}» có một biểu thức không tính được: {words}"), message


def test_unknown_name_in_template_is_a_clear_error(tmp_path: Path, answer_data: dict[str, Any]) -> None:
    body = broken_copy(tmp_path, "{{p mo_dau }}", "{{ ten_khong_co }}")
    with pytest.raises(RenderError, match="ten_khong_co"):
        render_template(body, render_report(parse_report(answer_data)).context)


def test_locked_target_keeps_the_old_file(
    tmp_path: Path, answer_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "bao_cao.docx"
    out.write_bytes(b"ban cu")

    def locked(src: str, dst: str) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(TargetLockedError, match="đang mở") as raised:
        render_report(parse_report(answer_data), out)
    assert raised.value.path == out  # the caller offers another name beside it
    assert out.read_bytes() == b"ban cu"
    assert [p.name for p in tmp_path.iterdir()] == ["bao_cao.docx"]


def test_missing_folder_is_a_clear_error(tmp_path: Path, answer_data: dict[str, Any]) -> None:
    with pytest.raises(OutputError, match="không tồn tại"):
        render_report(parse_report(answer_data), tmp_path / "khong_co" / "x.docx")


def test_document_reopens_with_python_docx(tmp_path: Path, answer_data: dict[str, Any]) -> None:
    out = tmp_path / "x.docx"
    render_report(parse_report(answer_data), out)
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert "Số: 05/BC-SNgV" in "\n".join(texts) + "\n".join(
        c.text for t in Document(str(out)).tables for r in t.rows for c in r.cells
    )
    shutil.rmtree(tmp_path)


def test_a_template_can_say_how_a_figure_moved(tmp_path: Path, answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_qua_han": 3}
    answer_data["previous"] = {"hs_qua_han": 4}
    answer_data["last_year"] = {"hs_qua_han": 1}
    context = render_report(parse_report(answer_data)).context
    body = broken_copy(
        tmp_path,
        "{{p mo_dau }}",
        "Quá hạn {{ hs_qua_han }}, {{ so_sanh.hs_qua_han }} (kỳ trước {{ prev.hs_qua_han }}); "
        "{{ so_sanh_cung_ky.hs_qua_han }}{% if so_sanh.hs_truoc_han %}!{% endif %}",
    )
    text = docx_text(render_template(body, context))
    assert (
        "Quá hạn 03, giảm 1 (25,00%) so với kỳ trước (kỳ trước 04); tăng 2 (200,00%) so với cùng kỳ năm trước"
        in text
    )


def test_the_same_report_gives_the_same_bytes(answer_data: dict[str, Any]) -> None:
    import hashlib
    import io
    import zipfile

    report = parse_report(answer_data)
    first = render_report(report).data
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}  # no time of zipping
    again = render_report(report).data
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(again).hexdigest()


def test_a_full_disk_is_said_plainly_and_the_old_file_kept(
    tmp_path: Path, answer_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    out = tmp_path / "bao_cao.docx"
    out.write_bytes(b"ban cu")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match=r"ổ đĩa đã đầy.*Tệp cũ .* vẫn còn nguyên"):
        render_report(parse_report(answer_data), out)
    assert out.read_bytes() == b"ban cu"
    assert [p.name for p in tmp_path.iterdir()] == ["bao_cao.docx"]


def test_ordinary_asterisks_reach_the_document_as_typed(answer_data: dict[str, Any]) -> None:
    data = render_with_opening(answer_data, "Diện tích 2*3*4 m2, *rất* rộng; \\*ghi chú\\*")
    assert "Diện tích 2*3*4 m2, rất rộng; *ghi chú*" in docx_text(data).split("\n")
    italic = [r.text for p in Document(io.BytesIO(data)).paragraphs for r in p.runs if r.italic]
    assert italic == ["rất"]


def test_a_run_the_xml_parser_would_cut_is_refused_not_written_half(
    answer_data: dict[str, Any], tmp_path: Path
) -> None:
    """Past 10,000,000 characters Word's XML parser (lxml, recovering) drops the run and all after it.

    Input stops far earlier (answers.MAX_TEXT_CHARS); a report built in code that skips that
    door still never gives a document without its signature and Nơi nhận, even when the cut
    text itself says «Nơi nhận» (what the earlier check looked for).
    """
    report = parse_report(answer_data)
    cut = report.with_answers({"mo_dau": "Nơi nhận: " + "a" * 10_000_001})
    out = tmp_path / "bao_cao.docx"
    with pytest.raises(RenderError, match="bị cắt cụt") as err:
        render_report(cut, out)
    assert "Lưu: VT" in str(err.value) or "Nguyễn Văn A" in str(err.value)
    assert not out.exists()


def test_the_trich_yeu_keeps_a_period_word_with_its_number(answer_data: dict[str, Any]) -> None:
    subject = "Kết quả kiểm soát thủ tục hành chính và thực hiện cơ chế một cửa trong quý III năm 2025"
    answer_data["document"]["trich_yeu"] = subject
    report = parse_report(answer_data)
    found = [text for style, text in paragraphs(render_report(report).data) if style == "TrichYeu"]
    assert found == [subject.replace("quý III năm 2025", "quý\u00a0III năm\u00a02025")]
    assert report.document.trich_yeu == subject  # only the printed line: the answer keeps its spaces
