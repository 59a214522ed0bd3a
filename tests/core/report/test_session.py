"""The Qt-free session the wizard shows: edits, live totals, states, previous values."""

from __future__ import annotations

from typing import Any

from desktop_app.report.answers import MAX_TEXT_CHARS, Signer, parse_report
from desktop_app.report.session import DONE, REFUSED, REVIEW, TODO, Session


def session(data: dict[str, Any], **kwargs: Any) -> Session:
    return Session(parse_report(data), **kwargs)


def test_vietnamese_numbers_and_live_totals(answer_data: dict[str, Any]) -> None:
    s = session(answer_data)
    assert s.set_text("hs_moi_truc_tuyen", "15.561").ok
    assert s.set_text("hs_moi_truc_tiep", " 6.717 ").ok
    assert s.state("hs_moi").display == "22.278"
    assert s.state("hs_moi").source == "computed"
    assert s.state("tl_truc_tuyen").display == "69,85%"
    assert s.report.sources["hs_moi_truc_tiep"] == "typed"


def test_wrong_number_is_refused_and_nothing_changes(answer_data: dict[str, Any]) -> None:
    s = session(answer_data)
    s.set_text("hs_qua_han", "4")
    result = s.set_text("hs_qua_han", "4a")
    assert not result.ok
    assert "Không hiểu số" in result.message
    assert s.report.answers["hs_qua_han"] == 4


def test_a_refused_entry_is_an_error_naming_what_still_prints_until_corrected(
    answer_data: dict[str, Any],
) -> None:
    s = session(answer_data)
    s.set_text("hs_qua_han", "1.234")
    s.set_text("hs_qua_han", "97,5")
    [issue] = [i for i in s.issues() if i.code == REFUSED]
    assert issue.severity == "error" and issue.fields == ("hs_qua_han",)
    assert "chưa nhận «97,5»" in issue.message and "Cần số nguyên" in issue.message
    assert "Văn bản vẫn dùng số đang lưu (1.234)" in issue.message
    assert s.section_state(s.kind.field("hs_qua_han").section) == REVIEW
    assert [r.typed for r in s.refusals()] == ["97,5"]
    assert s.set_text("hs_qua_han", "1.234").ok  # the same value again: nothing to save, refusal gone
    assert not s.refusals() and not [i for i in s.issues() if i.code == REFUSED]


def test_a_refused_table_says_which_cell(answer_data: dict[str, Any]) -> None:
    s = session(answer_data)
    assert s.set_value("phan_mot_cua", "co").ok  # the table is shown to a one-stop unit
    table = s.kind.field("muc_do_hai_long")
    column = table.columns[1]
    assert not s.set_value(table.id, [{column.id: "x" * (MAX_TEXT_CHARS + 1)}]).ok
    [issue] = [i for i in s.issues() if i.code == REFUSED]
    assert f"Dòng 1, cột «{column.label}»" in issue.message and "chưa nhận điều vừa sửa" in issue.message
    assert s.set_value("phan_mot_cua", "khong").ok  # hidden again: it prints nothing, nothing to ask
    assert not s.refusals() and not [i for i in s.issues() if i.code == REFUSED]


def test_computed_share_cannot_be_typed(answer_data: dict[str, Any]) -> None:
    result = session(answer_data).set_text("tl_truc_tuyen", "50")
    assert not result.ok and "tự động" in result.message


def test_every_accepted_edit_is_announced(answer_data: dict[str, Any]) -> None:
    seen: list[int] = []
    s = session(answer_data, on_change=lambda sess: seen.append(len(sess.report.answers)))
    s.set_text("hs_qua_han", "1")
    s.set_text("hs_qua_han", "1")  # same value: no change
    s.set_text("hs_qua_han", "")
    assert seen == [1, 0]


def test_section_states(answer_data: dict[str, Any]) -> None:
    s = session(answer_data)
    assert s.section_state("giai_quyet_tthc") == TODO
    s.set_text("hs_truoc_han", "249")
    s.set_text("hs_qua_han", "2")
    assert s.section_state("giai_quyet_tthc") == DONE
    s.set_text("hs_da_giai_quyet", "250")
    assert s.section_state("giai_quyet_tthc") == REVIEW
    assert [i.code for i in s.issues_for("hs_da_giai_quyet")] == ["tong_lech"]


def test_previous_values_and_change_words(answer_data: dict[str, Any]) -> None:
    answer_data["previous"] = {"hs_qua_han": 4, "hs_moi": 20}
    answer_data["answers"] = {"hs_qua_han": 2}
    answer_data["sources"] = {"hs_qua_han": "carried"}
    s = session(answer_data)
    state = s.state("hs_qua_han")
    assert state.previous_display == "4"
    assert state.change == "giảm 2 (50,00%) so với kỳ trước"
    assert state.source == "carried"
    s.set_text("hs_qua_han", "9")
    assert s.state("hs_qua_han").source == "typed"
    assert s.reset_to_previous("hs_qua_han").ok
    assert s.state("hs_qua_han").value == 4
    assert s.state("hs_qua_han").source == "carried"


def test_document_edits_are_cleaned(answer_data: dict[str, Any]) -> None:
    s = session(answer_data)
    s.set_document(so="7", noi_nhan=["- Như trên;", "  ", "Sở Nội vụ"])
    s.set_signer(Signer(chuc_vu="Giám đốc", ho_ten="Ho\u0302\u0300 A"))
    assert s.document.noi_nhan == ("- Như trên;", "Sở Nội vụ")
    assert s.document.nguoi_ky.ho_ten == "Hồ A"


def test_defaults_do_not_make_a_section_done(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_ghi_ty_le": True}
    answer_data["sources"] = {"hs_ghi_ty_le": "default"}
    assert session(answer_data).section_state("giai_quyet_tthc") == TODO


def test_document_number_must_be_digits(answer_data: dict[str, Any]) -> None:
    s = session(answer_data)
    result = s.set_document(so="12a")
    assert not result.ok and "chữ số" in result.message
    assert s.document.so == "5"
    assert s.set_document(so=" 7 ").ok and s.document.so == "7"
    assert not s.set_signer(Signer(quyen_han="KTT.")).ok


def test_reset_of_a_carry_over_takes_the_previous_source(answer_data: dict[str, Any]) -> None:
    answer_data["previous"] = {"hs_dang_giai_quyet": 6, "hs_ky_truoc": 2}
    s = session(answer_data)
    s.set_text("hs_ky_truoc", "9")
    assert s.reset_to_previous("hs_ky_truoc").ok
    assert s.state("hs_ky_truoc").value == 6


def test_carried_values_need_a_look_and_are_confirmed_by_typing_or_keeping(
    answer_data: dict[str, Any],
) -> None:
    answer_data["answers"] = {"hs_ky_truoc": 6, "hs_truoc_han": 3}
    answer_data["sources"] = {"hs_ky_truoc": "carried", "hs_truoc_han": "carried"}
    s = session(answer_data)
    assert s.section_state("giai_quyet_tthc") == REVIEW  # pre-filled, nobody has checked it
    assert s.carried_fields("giai_quyet_tthc") == ["hs_ky_truoc", "hs_truoc_han"]
    assert s.set_text("hs_ky_truoc", "06").ok  # the same value typed again: confirmed
    assert s.state("hs_ky_truoc").source == "typed"
    assert s.carried_fields("giai_quyet_tthc") == ["hs_truoc_han"]
    s.confirm_carried(s.carried_fields("giai_quyet_tthc"))
    assert s.carried_fields("giai_quyet_tthc") == []
    assert s.section_state("giai_quyet_tthc") == DONE


def test_every_carried_value_is_listed_by_section_and_confirmed_at_once(
    answer_data: dict[str, Any],
) -> None:
    answer_data["answers"] = {"tthc_quan_ly": 292, "hs_ky_truoc": 6, "hs_truoc_han": 3}
    answer_data["sources"] = {k: "carried" for k in answer_data["answers"]}
    saves: list[Session] = []
    s = Session(parse_report(answer_data), on_change=saves.append)
    listed = s.carried_by_section()
    assert [fields for _, fields in listed] == [["tthc_quan_ly"], ["hs_ky_truoc", "hs_truoc_han"]]
    assert [s.section_state(section) for section, _ in listed] == [REVIEW, REVIEW]
    s.confirm_carried([f for _, fields in listed for f in fields])
    assert len(saves) == 1  # one change, one autosave
    assert s.carried_by_section() == []
    assert [s.section_state(section) for section, _ in listed] == [DONE, DONE]
    assert s.report.answers["tthc_quan_ly"] == 292  # kept as they were


def test_the_document_step_is_to_do_until_it_has_a_date(answer_data: dict[str, Any]) -> None:
    answer_data["document"].pop("ngay")
    s = session(answer_data)
    assert s.document_state() == TODO
    s.set_document(ngay=(2024, 6))  # a blank day is a date the văn thư completes
    assert s.document_state() == DONE


def test_the_history_summary_marks_what_differs_from_now(answer_data: dict[str, Any]) -> None:
    from dataclasses import replace

    from desktop_app.report.session import summary_lines

    then = parse_report(answer_data)
    then = replace(then, answers={**then.answers, "hs_qua_han": 2})
    now = replace(then, answers={**then.answers, "hs_qua_han": 7})
    lines = summary_lines(then, now)
    assert lines[1] == "Khác với hiện tại: 1 mục (các dòng có «≠»)."
    assert any(line.endswith(": 2  ≠ hiện tại: 7") for line in lines)
    assert summary_lines(now, now)[1] == "Giống nội dung hiện tại."


def test_a_figure_is_also_compared_with_the_same_period_last_year(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_qua_han": 3}
    answer_data["last_year"] = {"hs_qua_han": 5}
    state = session(answer_data).state("hs_qua_han")
    assert state.last_year_display == "5"
    assert state.change_last_year == "giảm 2 (40,00%) so với cùng kỳ năm trước"


def test_the_history_summary_shows_the_document_part_too(answer_data: dict[str, Any]) -> None:
    from dataclasses import replace

    from desktop_app.report.session import summary_lines

    then = parse_report(answer_data)
    now = replace(then, document=replace(then.document, so="17", noi_nhan=("Như trên",)))
    lines = summary_lines(then, now)
    assert lines[1] == "Khác với hiện tại: 2 mục (các dòng có «≠»)."
    assert "  Số: 5  ≠ hiện tại: 17" in lines
