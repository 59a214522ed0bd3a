"""Write files so that a failure never leaves half a file or destroys the previous one."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path


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
        fd, tmp = tempfile.mkstemp(prefix=".~" + path.stem[:40], suffix=".tmp", dir=folder)
    except FileNotFoundError as exc:
        raise OutputError(f"Thư mục «{folder}» không tồn tại.") from exc
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


def reason(exc: OSError) -> str:
    """Say in Vietnamese why the system refused; Windows' own text (already Vietnamese there) else."""
    if getattr(exc, "winerror", None) == 206:  # ERROR_FILENAME_EXCED_RANGE
        return REASONS[errno.ENAMETOOLONG]
    if getattr(exc, "winerror", None) in (32, 33):  # sharing or lock violation (EACCES in errno)
        return "tệp đang được một chương trình khác mở (Word, Excel…)"
    return REASONS.get(exc.errno or 0, exc.strerror or str(exc))


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
