"""Write files so that a failure never leaves half a file or destroys the previous one."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath


class OutputError(OSError):
    """A file could not be written; the message says why in Vietnamese."""


class TargetLockedError(OutputError):
    """The target exists and cannot be replaced: open in Word, or read-only.

    The caller may offer another name (``filenames.another_name``); the locked file is left as it is.
    """

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


# What Windows (and a USB stick's FAT or exFAT, on any system) refuses in a file's name.
_FORBIDDEN = frozenset('<>:"/\\|?*') | frozenset(chr(n) for n in range(32))
_DEVICES = frozenset(["CON", "PRN", "AUX", "NUL"] + [f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10)])
MAX_NAME_UNITS = 255  # NTFS and exFAT count UTF-16 units


def name_problem(name: str) -> str | None:
    """Say in Vietnamese why Windows would not keep ``name`` as it is; None when it would.

    A «:» makes NTFS write into a hidden stream of another file, a trailing dot or space is
    dropped (the file is not where the official was told), «CON», «NUL»… are devices.

    >>> name_problem("Báo cáo: quý IV.docx")
    'tên tệp không được chứa «:» (Windows không cho phép các ký tự < > : " / \\ | ? *)'
    """
    bad = sorted({c for c in name if c in _FORBIDDEN}, key=name.index)
    if bad:
        shown = " ".join("ký tự điều khiển" if ord(c) < 32 else f"«{c}»" for c in bad)
        return f'tên tệp không được chứa {shown} (Windows không cho phép các ký tự < > : " / \\ | ? *)'
    if name.endswith((".", " ")):
        return "tên tệp không được kết thúc bằng dấu chấm hay dấu cách (Windows bỏ chúng đi)"
    if name.split(".")[0].rstrip(" ").upper() in _DEVICES:
        return f"«{name.split('.')[0]}» là tên thiết bị của Windows, không đặt được cho tệp"
    if len(name.encode("utf-16-le")) // 2 > MAX_NAME_UNITS:
        return f"tên tệp dài quá ({len(name)} ký tự; tối đa {MAX_NAME_UNITS})"
    return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and move it into place.

    A name Windows would not keep (:func:`name_problem`) is refused before anything is written.
    """
    problem = name_problem(path.name)
    if problem is not None:
        raise OutputError(f"Không ghi được «{path.name}»: {problem}. Hãy đặt tên khác.")
    folder = path.parent
    try:
        # Short and fixed (not the document's name): beside a long name it never makes the path
        # longer than the target's own; a name under 14 characters, by a few characters at most.
        fd, tmp = tempfile.mkstemp(prefix=".~", suffix=".tmp", dir=folder)
    except FileNotFoundError as exc:
        if not folder.is_dir():
            raise OutputError(f"Thư mục «{folder}» không tồn tại.") from exc
        raise OutputError(f"Không ghi được vào thư mục «{folder}»: {reason(exc)}.") from exc
    except PermissionError as exc:
        raise OutputError(f"Không có quyền ghi vào thư mục «{folder}».") from exc
    except OSError as exc:
        raise OutputError(f"Không ghi được vào thư mục «{folder}»: {reason(exc)}.") from exc
    try:
        # mkstemp makes owner-only files; a document should get the usual permissions.
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _replace(Path(tmp), path)
    except OutputError:
        raise
    except OSError as exc:  # a full disk, a name too long for Windows, a USB stick pulled out
        raise OutputError(
            f"Không ghi được «{path.name}»: {reason(exc)}. Tệp cũ (nếu có) vẫn còn nguyên."
        ) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


REASONS = {
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không có quyền truy cập",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.EBUSY: "tệp đang bị chương trình khác giữ",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.ENAMETOOLONG: "tên hoặc đường dẫn quá dài; hãy chọn thư mục ngắn hơn",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.EIO: "lỗi đọc ghi ổ đĩa (USB bị rút ra?)",
}


# Windows without long paths enabled (the default) refuses a path from this many characters
# (MAX_PATH 260 with its ending NUL, less 12 for a folder), saying «not found» (ERROR_PATH_NOT_FOUND).
WINDOWS_PATH_LIMIT = 248


def reason(exc: OSError) -> str:
    """Say in Vietnamese why the system refused; Windows' own text (already Vietnamese there) else."""
    if getattr(exc, "winerror", None) == 206 or _too_long_for_windows(exc):  # ERROR_FILENAME_EXCED_RANGE
        return REASONS[errno.ENAMETOOLONG]
    if getattr(exc, "winerror", None) in (32, 33):  # sharing or lock violation (EACCES in errno)
        return "tệp đang được một chương trình khác mở (Word, Excel…)"
    return REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _too_long_for_windows(exc: OSError) -> bool:
    """A «not found» on Windows for a path past its limit: the path is too long, not missing."""
    names = [n for n in (exc.filename, exc.filename2) if isinstance(n, (str, bytes, os.PathLike))]
    long = any(len(os.fsdecode(n)) >= WINDOWS_PATH_LIMIT for n in names)  # a Path as it was given
    return sys.platform == "win32" and exc.errno == errno.ENOENT and long


_OPENERS = {".xlsx": "Excel?", ".pdf": "trình xem PDF?", ".docx": "Word?"}


def _opener(path: Path) -> str:
    """The program an official likely has the file open in, by its kind."""
    return _OPENERS.get(path.suffix.lower(), "Word, Excel?")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _replace(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except PermissionError as exc:
        raise TargetLockedError(
            f"Không ghi được «{path.name}»: tệp đang mở trong chương trình khác ({_opener(path)}) "
            "hoặc không có quyền ghi. Hãy đóng tệp hoặc chọn tên khác.",
            path,
        ) from exc
    except IsADirectoryError as exc:
        raise OutputError(f"«{path}» là một thư mục, không phải tệp.") from exc


# ---------------------------------------------------------------- a set of files, all or nothing

# Room kept free beyond the files themselves: a disk filled to its last byte fails everything else.
_SPARE_BYTES = 1 << 20


class SetNotRestoredError(OutputError):
    """A replacement failed and putting the old files back failed too; ``kept`` holds them."""

    def __init__(self, message: str, kept: Path) -> None:
        super().__init__(message)
        self.kept = kept


def replace_together(folder: Path, new: Mapping[str, bytes], old: Iterable[str] = ()) -> None:
    """Put the files ``new`` in ``folder`` in place of the entries ``old``, all or nothing.

    Names are relative, with «/» between folders; an ``old`` entry may be a folder. Every name is
    checked and every file written into a private folder inside ``folder`` before anything there
    moves; the old entries are then moved aside and the new ones moved in. When anything fails
    (a name Windows refuses, a full disk, a file open in Word) ``folder`` is left exactly as it
    was and :class:`OutputError` says why; :class:`SetNotRestoredError` if even that failed.

    >>> replace_together(kinds, {"bc.toml": b"…", "vi_du/bc/a.json": b"{}"}, ["vi_du/bc"])  # doctest: +SKIP
    """
    _check_names(new)
    created = _missing_parents(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if new:  # removing needs no room
            _check_room(folder, sum(len(d) for d in new.values()))
        staging = _private(folder, ".moi-")
        try:
            for name, data in new.items():
                _stage(staging / name, data)
            _swap(folder, staging, list(new), [n for n in old if (folder / n).exists()])
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except SetNotRestoredError:
        raise
    except OSError as exc:
        _remove_folders(created)  # the folder was not there before: it is not there after
        raise _refusal(exc, folder.name) from exc


def _check_names(new: Mapping[str, bytes]) -> None:
    seen: dict[str, str] = {}
    for name in new:
        for part in PurePosixPath(name).parts:
            problem = name_problem(part)
            if problem is not None:
                raise OutputError(f"Không ghi được «{part}»: {problem}.")
        twin = seen.setdefault(name.casefold(), name)  # Windows does not tell «A.json» from «a.json»
        if twin != name:
            raise OutputError(
                f"«{twin}» và «{name}» là cùng một tệp trên Windows (chỉ khác chữ hoa, thường)."
            )


def _missing_parents(folder: Path) -> list[Path]:
    """The folders ``folder.mkdir(parents=True)`` would create, deepest first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _check_room(folder: Path, size: int) -> None:
    if shutil.disk_usage(folder).free < size + _SPARE_BYTES:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _private(folder: Path, prefix: str) -> Path:
    """A new hidden folder inside ``folder`` (on the same disk: moving out of it is a rename)."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=folder))


def _stage(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_new(path, data)
    except OSError as exc:
        raise _refusal(exc, path.name) from exc


def _write_new(path: Path, data: bytes) -> None:
    with path.open("xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _move(source: Path, target: Path) -> None:
    os.replace(source, target)


def _swap(folder: Path, staging: Path, new: list[str], old: list[str]) -> None:
    """Move ``old`` aside and ``new`` in from ``staging``; undo every step if one fails."""
    aside = _private(folder, ".cu-")
    done: list[tuple[Path, Path]] = []  # (from, to), in order
    made: list[Path] = []
    try:
        for name in old:
            _step(name, folder / name, aside / name, "Không thay hay xóa được tệp cũ «{}»", done, [])
        for name in new:
            _step(name, staging / name, folder / name, "Không ghi được «{}»", done, made)
    except OutputError as refusal:
        _undo(done, made, aside, refusal)  # keeps ``aside`` when the old files could not go back
        shutil.rmtree(aside, ignore_errors=True)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def _step(
    name: str, source: Path, target: Path, failed: str, done: list[tuple[Path, Path]], made: list[Path]
) -> None:
    try:
        made += _missing_parents(target.parent)
        target.parent.mkdir(parents=True, exist_ok=True)
        _move(source, target)
    except OSError as exc:
        raise OutputError(f"{failed.format(name)}: {reason(exc)}.") from exc
    done.append((source, target))


def _undo(done: list[tuple[Path, Path]], made: list[Path], aside: Path, refusal: OutputError) -> None:
    """Move the new files back out, remove the folders made for them, move the old files back."""
    moved_in = [(s, t) for s, t in done if not t.is_relative_to(aside)]
    moved_aside = [(s, t) for s, t in done if t.is_relative_to(aside)]
    try:
        for source, target in reversed(moved_in):
            _move(target, source)
        _remove_folders(sorted(made, key=lambda p: len(p.parts), reverse=True))
        for source, target in reversed(moved_aside):
            _move(target, source)
    except OSError as exc:
        raise SetNotRestoredError(
            f"{refusal} Khôi phục các tệp cũ cũng không được ({reason(exc)}): chúng còn ở «{aside}».", aside
        ) from exc


def _remove_folders(folders: list[Path]) -> None:
    for created in folders:
        with contextlib.suppress(OSError):
            created.rmdir()


def _refusal(exc: OSError, name: str) -> OutputError:
    if isinstance(exc, OutputError):
        return exc
    return OutputError(f"Không ghi được «{name}»: {reason(exc)}.")


# ---------------------------------------------------------------- temporary files being written

# Windows locks byte ranges; lock one far past anything SQLite locks (it uses 1 GiB onwards).
_CLAIM_OFFSET = 1 << 40


@contextlib.contextmanager
def claimed(path: Path) -> Iterator[None]:
    """Create the empty file ``path`` (FileExistsError if there is one) and hold it as being
    written for the block.

    While the block runs, :func:`delete_if_abandoned` in any process (or thread) leaves the file
    alone; once the process dies the OS drops the hold, so what a killed backup left behind is
    recognised as abandoned at once. The caller writes ``path`` itself (SQLite opens it again).
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)  # never another's file
    try:
        if not _try_lock(fd):
            raise OutputError(f"Tệp tạm «{path.name}» đang được một tiến trình khác ghi.")
        yield
    finally:
        _unlock(fd)
        os.close(fd)


def delete_if_abandoned(path: Path) -> bool:
    """Delete the temporary file ``path`` unless some process holds it (:func:`claimed`); say if gone."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        if not _try_lock(fd):
            return False  # a live backup is writing it
        _unlock(fd)
    finally:
        os.close(fd)
    try:
        path.unlink()  # Windows refuses while SQLite in a live copy still has it open
    except OSError:
        return False
    return True


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _CLAIM_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, _CLAIM_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
