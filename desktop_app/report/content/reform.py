"""Rule 5: the law on the period's dates: the end of the district level, and replaced legal texts.

For a period whose data cut-off ends on or after the law table's ``two_levels_from``
(01/7/2025), "huyện" as the reporting level, the parent body or a recipient is a warning:

- the unit itself at level ``huyen``, or a parent body (cơ quan chủ quản) naming a huyện;
- a Kính gửi or Nơi nhận line naming a huyện ("UBND huyện (báo cáo)");
- "huyện" in the answers' text ("UBND huyện", "cấp huyện", "xã, huyện, tỉnh"): one finding per
  paragraph, unless the sentence speaks of the past ("trước khi sắp xếp" …);
- figures or tick boxes of the kind whose label names the huyện level, filled in: one finding;
- "thị trấn" (a commune of a huyện; the communes are now xã, phường and đặc khu) in any text,
  the unit's name included, unless the sentence speaks of the past: one finding per piece.

A legal text the law table (with the kind's own rows) says was replaced on or before the
period's last cut-off day, cited in any text, is a warning naming its replacement, unless the
sentence speaks of the past.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from desktop_app.report.answers import DocumentInfo, Report
from desktop_app.report.content.names import proper_name_end
from desktop_app.report.content.texts import Finding, Piece, readable
from desktop_app.report.content.words import may_hold, past_anywhere
from desktop_app.report.figures import Evaluation
from desktop_app.report.kinds import Field, Kind, per_kind
from desktop_app.report.law import LawTable
from desktop_app.report.periods import Period
from desktop_app.report.prefill import PrefillResult
from desktop_app.vnformat import format_short_date

_HUYEN = re.compile(r"(?<!\w)(?:(?:ủy\s+ban\s+nhân\s+dân|ubnd|cấp|các)\s+)?huyện(?!\w)", re.IGNORECASE)
# A thị trấn was a commune-level unit of a huyện: since the reform the communes are xã, phường
# and đặc khu («UBND các xã, thị trấn» of a district's Nơi nhận, «UBND thị trấn Trà Cú»).
_THI_TRAN = re.compile(r"(?<!\w)(?:(?:ủy\s+ban\s+nhân\s+dân|ubnd|các)\s+)?thị\s+trấn(?!\w)", re.IGNORECASE)


RECIPIENTS = {"kinh_gui": "Kính gửi", "noi_nhan": "Nơi nhận"}


def without_districts(period: Period, law: LawTable) -> bool:
    """True when ``period``'s cut-off ends on or after the day the district level ended."""
    return period.cutoff()[1] >= law.two_levels_from


def district_named(line: str) -> str:
    """Return the "huyện" phrase ``line`` names as a body of today ("UBND huyện Sơn Hà"), or ""."""
    return _first_mention(readable(line))


def reform_findings(
    report: Report, kind: Kind, ev: Evaluation, texts: list[Piece], law: LawTable
) -> Iterator[Finding]:
    """Rule 5's district-level part; nothing for a period that ended before the reform.

    A Kính gửi or Nơi nhận line naming a huyện is one recipient that no longer exists: its
    finding offers to remove the line (the document drops an empty line).
    """
    if not without_districts(report.period, law):
        return
    since = law.two_levels_from
    cut_end = report.period.cutoff()[1]
    why = (
        f"cấp huyện không còn từ ngày {format_short_date(since)}, "
        f"trước khi kỳ báo cáo kết thúc ({format_short_date(cut_end)})."
    )
    if report.unit.cap == "huyen":
        message = f"Đơn vị báo cáo «{report.unit.ten_goi}» là cấp huyện, nhưng {why}"
        yield Finding(("co_quan",), "warning", message, "cap_huyen")
    for piece in texts:
        if piece.origin == "unit" and (piece.field != "co_quan_chu_quan" or report.unit.cap == "huyen"):
            continue
        quoted = _first_mention(piece.text)
        if quoted:
            fix = piece.fix(0, len(piece.text), "") if piece.field in RECIPIENTS else None
            yield Finding((piece.field,), "warning", piece.says(f"«{quoted}»: {why}"), "cap_huyen", fix)
    yield from _level_fields(kind, ev, why)
    yield from _town_findings(texts, since, cut_end)


def _town_findings(texts: list[Piece], since: date, cut_end: date) -> Iterator[Finding]:
    """«thị trấn» as a unit of today: one finding per piece (the unit's own name included)."""
    why = (
        f"từ ngày {format_short_date(since)} không còn thị trấn (đơn vị cấp xã là xã, phường, đặc khu), "
        f"trước khi kỳ báo cáo kết thúc ({format_short_date(cut_end)})."
    )
    for piece in texts:
        if piece.origin == "unit" and piece.field != "co_quan":
            continue
        quoted = _first_mention(piece.text, _THI_TRAN, "trấn")
        if quoted:
            yield Finding((piece.field,), "warning", piece.says(f"«{quoted}»: {why}"), "thi_tran")


def recipients_now(result: PrefillResult, own: DocumentInfo, law: LawTable) -> PrefillResult:
    """Return ``result`` without Kính gửi and Nơi nhận lines naming a huyện, once the level is gone.

    Such a line, carried from a report written before the reform, sends the new one to a body
    that no longer exists. The unit's own list (``own``: Cài đặt, less such lines) takes the
    carried list's place, as the official keeps it up to date; with none, or the same, only the
    lines go. A note says which, for the official to read when the report is made.
    """
    doc = result.report.document
    if not without_districts(result.report.period, law):
        return result
    changed: dict[str, Any] = {}
    notes: list[str] = []
    for key, label in RECIPIENTS.items():
        lines: tuple[str, ...] = getattr(doc, key)
        named = [line for line in lines if district_named(line)]
        if not named:
            continue
        kept = tuple(line for line in lines if line not in named)
        mine = tuple(line for line in getattr(own, key) if not district_named(line))
        taken = bool(mine) and mine != kept
        changed[key] = mine if taken else kept
        if taken and key == "noi_nhan" and own.luu.strip():
            changed["luu"] = own.luu
        gone = ", ".join(f"«{line.strip()}»" for line in named)
        what = f"lấy «{label}» của đơn vị (Cài đặt)" if taken else "bỏ dòng đó"
        notes.append(
            f"«{label}» của kỳ trước có {gone}, nhưng cấp huyện không còn từ ngày "
            f"{format_short_date(law.two_levels_from)}: đã {what}."
        )
    if not changed:
        return result
    report = replace(result.report, document=replace(doc, **changed))
    return replace(result, report=report, notes=(*result.notes, *notes))


def _first_mention(text: str, pattern: re.Pattern[str] = _HUYEN, word: str = "huyện") -> str:
    """Return the first phrase of ``pattern`` (holding ``word``) in ``text`` not in a sentence
    about the past, or ""."""
    if not may_hold(text, word):  # most texts: the pattern starts with a lookbehind, slow on prose
        return ""
    for match in pattern.finditer(text):
        if not past_anywhere(text, match.start(), match.end()):
            end = match.end()
            gap = re.match(r"[ \t]+", text[end:])
            if gap:
                end = max(end, proper_name_end(text, end + gap.end()))
            bare = not re.match(r"(?:ủy|ubnd|cấp|các)\s", match[0], re.IGNORECASE)
            if bare and end == match.end():  # a bare word: with its neighbours
                return _neighbourhood(text, match.start(), end)
            return " ".join(text[match.start() : end].split())
    return ""


def _neighbourhood(text: str, start: int, end: int, words: int = 3) -> str:
    """The words around ``text[start:end]`` on its line: "quyền (xã, huyện, tỉnh)"."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = text[line_start:start].split()[-words:]
    after = text[end : len(text) if line_end < 0 else line_end].split()[:words]
    joined = " ".join([*before, text[start:end], *after])
    return re.sub(r"\(\s+", "(", re.sub(r"\s+([,;:.)])", r"\1", joined)).rstrip(",;:")


def _level_fields(kind: Kind, ev: Evaluation, why: str) -> Iterator[Finding]:
    filled = [
        f
        for f in _district_fields(kind)
        if f.id in ev.visible_fields and ev.values.get(f.id) not in (None, False, "", [])
    ]
    if filled:
        labels = "; ".join(f"«{f.label}»" for f in filled)
        message = f"Có số liệu cấp huyện ({labels}), nhưng {why}"
        yield Finding(tuple(f.id for f in filled), "warning", message, "cap_huyen")


@per_kind
def _district_fields(kind: Kind) -> tuple[Field, ...]:
    """The fields of ``kind`` a district's figures are typed in (their label says «huyện»)."""
    return tuple(f for f in kind.fields() if "huyện" in f.label.casefold() and not f.computed)


def law_findings(report: Report, texts: list[Piece], law: LawTable) -> Iterator[Finding]:
    """Rule 5's replaced texts: one finding per replaced text and piece."""
    rows = law.in_force(report.period.cutoff()[1])
    for piece in texts:
        if piece.origin == "unit":
            continue
        for row in rows:
            for match in row.old.finditer(piece.text):
                if past_anywhere(piece.text, match.start(), match.end()):
                    continue
                note = f" ({row.note})" if row.note else ""
                message = (
                    f"«{match[0]}» đã được thay thế bằng {row.new.text} từ ngày "
                    f"{format_short_date(row.since)}{note}; hãy dẫn văn bản mới, "
                    "trừ khi câu nói về thời gian trước đó."
                )
                yield Finding((piece.field,), "warning", piece.says(message), "van_ban_thay_the")
                break
