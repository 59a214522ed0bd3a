"""Reading what the units sent: answer files, folders of them, zips, as they arrive by mail or USB.

:func:`read_inputs` is the one door through which a roll-up reads anything. Nothing it is given
can stop or hang it: each file is read within :class:`Limits` (size of a file, members, sizes and
compression ratio of a zip) and parsed as every answer file from elsewhere is
(:func:`desktop_app.report.answers.load_answer_bytes`: UTF-8, JSON depth, numbers bounded in size
and digits, texts limited, all in :mod:`desktop_app.system.safe_read`), and a file that is too big,
encrypted, compressed in a way not supported, not UTF-8, not JSON, or not an answer file comes
back as an :class:`Arrival` with its ``problem`` in Vietnamese, never as an exception. Files that
are not answer files at all (a .docx in the folder) are listed as ignored.

The files are read first, then parsed, the parsing shared among the processors
(:func:`desktop_app.system.parallel.share`: 500 files take a few hundred milliseconds).

A zip is screened member by member (one encrypted or oversized member is named, the others are
still read), after the entry count its directory states is checked against the same limit as an
export package's, before Python lists the entries.

>>> arrivals = read_inputs([Path("thu_den/"), Path("cac_xa.zip")])   # doctest: +SKIP
>>> [(a.name, a.problem) for a in arrivals if a.problem]            # doctest: +SKIP
[('cac_xa.zip › xa_b.json', 'Tệp không phải JSON hợp lệ: dòng 1, cột 3 (thiếu giá trị).')]
"""

from __future__ import annotations

import hashlib
import os
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from desktop_app.report import catalogue
from desktop_app.report.answers import AnswerFileError, Report, local_time, read_answer_bytes
from desktop_app.system.files import reason
from desktop_app.system.parallel import Progress, progress_part, share
from desktop_app.system.safe_read import (
    ANSWER_FILE,
    PACKAGE,
    UnsafeFileError,
    declared_entries,
    member_name,
    size_text,
)
from desktop_app.text import clean

ANSWER_SUFFIX = ".json"
ZIP_SUFFIX = ".zip"
ZIP_SEP = " › "
SUPPORTED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
BROKEN_ZIP = "dữ liệu bị hỏng (tệp đính kèm tải về chưa trọn?); hãy xin đơn vị gửi lại."


@dataclass(frozen=True)
class Limits:
    """How much of an input is read at most."""

    file_bytes: int = ANSWER_FILE.max_bytes  # one answer file (a real one is 10–200 KB)
    zip_members: int = PACKAGE.max_members
    zip_bytes: int = PACKAGE.max_bytes  # every member of one zip, uncompressed
    zip_ratio: int = ANSWER_FILE.max_ratio  # uncompressed / compressed size of a member
    files: int = 10_000  # in the folders given, all together
    folder_depth: int = 8


LIMITS = Limits()


@dataclass(frozen=True)
class Arrival:
    """One input file: its report, or why it cannot be used."""

    name: str  # as the official knows it: "thu_den/so_tp.json", "cac_xa.zip › xa_a.json"
    sha256: str = ""
    saved: datetime | None = None  # the file's modification time (a zip member: its own date)
    report: Report | None = None
    problem: str = ""  # not readable, not an answer file, or hostile
    data: bytes = b""  # the file's bytes, kept with the rolled-up report
    ignored: bool = False  # not an answer file at all: listed, never read
    stamped: bool = False  # ``saved`` is the time the answer file says (not the file's own time)

    @property
    def usable(self) -> bool:
        return self.report is not None


@dataclass(frozen=True)
class Unread:
    """A file's bytes, read within the limits and not yet parsed."""

    name: str
    data: bytes
    saved: datetime | None = None


Entry = Arrival | Unread


class InputRefused(ValueError):
    """An input broke a limit or could not be read; the message is Vietnamese."""


# ---------------------------------------------------------------- the one door


def read_inputs(
    paths: Sequence[Path], limits: Limits = LIMITS, progress: Progress | None = None
) -> list[Arrival]:
    """Return one :class:`Arrival` per file found in ``paths`` (files, folders, zips), in order.

    ``progress(done, total)`` is called as the files are read (a zip counts as one), then as
    they are parsed, in thousandths of the whole.
    """
    entries: list[Entry] = []
    found = [item for path in paths for item in _files(Path(path), limits, entries)]
    reading = progress_part(progress, 0, 2)
    for done, (name, file) in enumerate(found, 1):
        if len(entries) >= limits.files:
            entries.append(
                Arrival(name, problem=f"Quá {limits.files} tệp: tệp này và các tệp sau không đọc.")
            )
            break
        entries.extend(_read_path(name, file, limits))
        if reading is not None:
            reading(done, len(found))
    return parse_entries(entries, limits, progress_part(progress, 1, 2))


def parse_entries(
    entries: Sequence[Entry], limits: Limits = LIMITS, progress: Progress | None = None
) -> list[Arrival]:
    """Each unread file parsed into its arrival, the others as they are, in order (the parsing
    shared among the processors).

    The first file is parsed before the others are shared: it loads its kind (about a tenth of
    a second, Jinja included), which a worker forked after it finds loaded instead of loading it
    again (half of a forked worker's parsing time on 500 files, profiled).
    """
    unread = [entry for entry in entries if isinstance(entry, Unread)]
    first = parse_unread(limits, unread[:1])
    parsed = iter(first + share(partial(parse_unread, limits), unread[1:], progress=progress, light=True))
    return [next(parsed) if isinstance(entry, Unread) else entry for entry in entries]


def parse_unread(limits: Limits, batch: list[Unread]) -> list[Arrival]:
    """The arrivals of a batch of unread files (in this process or a worker)."""
    with catalogue.held():
        return [arrival_from_bytes(u.name, u.data, u.saved, limits) for u in batch]


def arrival_from_bytes(
    name: str, data: bytes, saved: datetime | None = None, limits: Limits = LIMITS
) -> Arrival:
    """Return the arrival of an answer file given as bytes (a file kept in the database).

    ``saved``: the file's own time (on disk, in a zip); the time the answer file says it was
    saved comes first (a mail attachment's own time is when it was downloaded).
    """
    digest = hashlib.sha256(data).hexdigest()
    saved = local_time(saved) if saved is not None else None  # a kept file's time has a zone
    try:
        report, said = read_answer(data, limits, name.rpartition(ZIP_SEP)[2].rpartition("/")[2])
    except InputRefused as exc:
        return Arrival(name, digest, saved, problem=str(exc), data=data)
    return Arrival(name, digest, said or saved, report, data=data, stamped=said is not None)


def read_answer(data: bytes, limits: Limits = LIMITS, name: str = "") -> tuple[Report, datetime | None]:
    """Return the report in an answer file's bytes and when the file says it was saved;
    :class:`InputRefused` says what is wrong.

    Read as every answer file from elsewhere is (:func:`load_answer_bytes`: UTF-8, JSON depth,
    numbers bounded in size and digits, texts limited), within ``limits.file_bytes``.
    """
    if len(data) > limits.file_bytes:
        raise InputRefused(
            f"Tệp lớn quá ({size_text(len(data))}; tệp trả lời tối đa {size_text(limits.file_bytes)})."
        )
    try:
        return read_answer_bytes(data, name or "trả lời")
    except AnswerFileError as exc:
        if isinstance(exc.__cause__, UnsafeFileError):  # not read at all: its reason says it all
            raise InputRefused(str(exc.__cause__)) from exc
        shown = exc.problems[:5] + (
            [f"… và {len(exc.problems) - 5} lỗi khác"] if len(exc.problems) > 5 else []
        )
        raise InputRefused("Tệp trả lời có lỗi: " + "; ".join(shown)) from exc


# ---------------------------------------------------------------- files, folders, zips


def _files(path: Path, limits: Limits, arrivals: list[Entry]) -> Iterator[tuple[str, Path]]:
    """Yield (shown name, path) of every file under ``path``; a missing path, or a folder with
    no file in it, becomes an arrival (a folder dropped by mistake is named, not silently nothing).

    Names are shown composed (NFC): a Mac writes them decomposed, «o» then its marks."""
    if path.is_dir():
        shown = clean(path.name or str(path))
        found = False
        for item in _folder(path, shown, limits, 0):
            found = True
            yield item
        if not found:
            arrivals.append(Arrival(shown, ignored=True, problem=f"Thư mục «{shown}» không có tệp nào."))
    elif path.is_file():
        yield clean(path.name), path
    else:
        arrivals.append(Arrival(clean(path.name or str(path)), problem=f"Không có tệp hay thư mục «{path}»."))


def _folder(folder: Path, shown: str, limits: Limits, depth: int) -> Iterator[tuple[str, Path]]:
    if depth > limits.folder_depth:
        return
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name.casefold())
    except OSError:
        return
    for entry in entries:
        name = f"{shown}/{clean(entry.name)}"
        if entry.is_dir(follow_symlinks=False):
            yield from _folder(Path(entry.path), name, limits, depth + 1)
        elif entry.is_file(follow_symlinks=False):
            yield name, Path(entry.path)


MAC_SHADOW = "Tệp phụ máy Mac tạo kèm khi sao chép hay nén («._…», «__MACOSX»), không phải báo cáo."


def mac_shadow(name: str) -> bool:
    """A file a Mac adds beside each one it copies to a USB stick or zips («._so_tu_phap.json»,
    «__MACOSX/…»): it holds the Finder's notes, not a report, and would be listed as a broken one."""
    parts = name.replace("\\", "/").split("/")
    return parts[-1].startswith("._") or "__MACOSX" in parts[:-1]


def _read_path(name: str, path: Path, limits: Limits) -> list[Entry]:
    suffix = path.suffix.lower()
    if mac_shadow(path.name):
        return [Arrival(name, ignored=True, problem=MAC_SHADOW)]
    if suffix == ZIP_SUFFIX:
        return _read_zip(name, path, limits)
    if suffix != ANSWER_SUFFIX:
        return [Arrival(name, ignored=True, problem="Không phải tệp trả lời (.json) hay tệp nén (.zip).")]
    try:
        stat = path.stat()
        saved = datetime.fromtimestamp(stat.st_mtime)
        if stat.st_size > limits.file_bytes:
            size = f"{size_text(stat.st_size)}; tối đa {size_text(limits.file_bytes)}"
            return [Arrival(name, saved=saved, problem=f"Tệp lớn quá ({size}): không đọc.")]
        with path.open("rb") as handle:
            data = handle.read(limits.file_bytes + 1)
    except OSError as exc:
        return [Arrival(name, problem=f"Không đọc được tệp ({reason(exc)}).")]
    return [Unread(name, data, saved)]


def _read_zip(name: str, path: Path, limits: Limits) -> list[Entry]:
    declared = declared_entries(path)  # before zipfile builds an object per entry
    if declared is not None and declared > limits.zip_members:
        return [Arrival(name, problem=f"Tệp nén có {declared} tệp, quá {limits.zip_members}: không mở.")]
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
            if len(infos) > limits.zip_members:
                return [
                    Arrival(name, problem=f"Tệp nén có {len(infos)} tệp, quá {limits.zip_members}: không mở.")
                ]
            return _read_members(name, archive, infos, limits)
    except OSError as exc:
        return [Arrival(name, problem=f"Không mở được tệp nén ({reason(exc)}).")]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        return [Arrival(name, problem=f"Không mở được tệp nén: {BROKEN_ZIP}")]


def _read_members(
    name: str, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits
) -> list[Entry]:
    arrivals: list[Entry] = []
    total = 0
    for info in infos:
        shown = f"{name}{ZIP_SEP}{clean(member_name(info))}"
        refusal = _member_refusal(info, limits, total)
        if refusal is None and mac_shadow(info.filename):
            arrivals.append(Arrival(shown, ignored=True, problem=MAC_SHADOW))
        elif refusal is None and Path(info.filename).suffix.lower() == ANSWER_SUFFIX:
            total += info.file_size
            arrivals.append(_read_member(shown, archive, info, limits))
        elif refusal is None:
            arrivals.append(Arrival(shown, ignored=True, problem="Không phải tệp trả lời (.json)."))
        else:
            arrivals.append(Arrival(shown, problem=refusal))
    return arrivals


def _member_refusal(info: zipfile.ZipInfo, limits: Limits, total: int) -> str | None:
    suffix = Path(info.filename).suffix.lower()
    if suffix == ZIP_SUFFIX:
        return "Tệp nén nằm trong tệp nén: hãy giải nén tệp ngoài ra trước."
    if suffix != ANSWER_SUFFIX:
        return None
    if info.flag_bits & 0x1:
        return "Tệp được đặt mật khẩu: không mở."
    if info.compress_type not in SUPPORTED_COMPRESSION:
        return "Tệp nén theo cách không hỗ trợ (chỉ đọc tệp nén thường, Deflate): hãy nén lại."
    if info.file_size > limits.file_bytes:
        return f"Tệp lớn quá ({size_text(info.file_size)}; tối đa {size_text(limits.file_bytes)}): không đọc."
    if info.file_size > limits.zip_ratio * max(info.compress_size, 1) and info.file_size > 64 * 1024:
        return "Tỷ lệ nén bất thường (có thể là tệp nén độc hại): không đọc."
    if total + info.file_size > limits.zip_bytes:
        return f"Tệp nén chứa quá {size_text(limits.zip_bytes)}: tệp này không đọc."
    return None


def _read_member(shown: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> Entry:
    try:
        saved: datetime | None = datetime(*info.date_time)
    except ValueError:
        saved = None
    try:
        with archive.open(info) as handle:
            data = handle.read(limits.file_bytes + 1)  # the sizes in the zip may lie
    except OSError as exc:
        return Arrival(shown, saved=saved, problem=f"Không đọc được tệp trong tệp nén ({reason(exc)}).")
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):  # a broken attachment
        return Arrival(shown, saved=saved, problem=f"Tệp trong tệp nén bị hỏng: {BROKEN_ZIP}")
    except (NotImplementedError, RuntimeError):  # a password or a method only its data shows
        problem = "Tệp trong tệp nén không giải nén được (có mật khẩu hoặc nén kiểu lạ): hãy nén lại."
        return Arrival(shown, saved=saved, problem=problem)
    return Unread(shown, data, saved)
