"""The Jinja sandbox every template and kind expression runs in, with its cost bounded.

Jinja's own sandbox keeps templates away from Python's internals; a kind file written by
someone else may still ask for a billion-element ``range()``, a string repeated a billion
times, or a loop that never ends. Here:

- ``range()`` over :data:`MAX_ITEMS` items, ``"x" * n`` or ``[…] * n`` longer than
  :data:`MAX_TEXT` / :data:`MAX_ITEMS`, huge powers, ``lipsum`` with huge arguments, and the
  padding filters and methods (``center``, ``indent``, ``ljust``, ``"%09999999d"``…) with
  huge widths are refused with a Vietnamese :class:`SandboxLimitError`;
- inside :func:`deadline`, the sandbox's hooks (every call, attribute and item access,
  operator, printed value and ``range`` step) check the clock, and a watchdog raises
  :class:`RenderTimeout` in the rendering thread at the deadline for loops that touch none
  of them. Outside :func:`deadline` nothing is timed (kind expressions are tiny).

>>> env = BoundedSandbox()
>>> env.from_string("{{ range(3) | list }}").render()
'[0, 1, 2]'
>>> env.from_string("{{ range(10**9) | length }}").render()   # doctest: +ELLIPSIS
Traceback (most recent call last):
...
desktop_app.report.sandbox.SandboxLimitError: range() quá lớn: ...
"""

from __future__ import annotations

import contextlib
import ctypes
import re
import threading
import time
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum

MAX_ITEMS = 10_000  # range(), list repetition, slices
MAX_TEXT = 100_000  # characters a repetition, padding or replacement may produce
MAX_DIGITS_BITS = 34_000  # about 10,000 decimal digits for a power of integers
MAX_LIPSUM = 100  # paragraphs; words per paragraph
RENDER_SECONDS = 10.0
_WIDE_FORMAT = re.compile(r"\d{6,}")  # a width or precision of a million or more


class SandboxLimitError(SecurityError):
    """A template or expression asked for more than the sandbox allows (Vietnamese message)."""


class RenderTimeout(SecurityError):
    """A template ran past its time limit."""


TIMEOUT_MESSAGE = "Mẫu chạy quá {seconds:g} giây nên bị dừng (có thể có vòng lặp không giới hạn)."


# ---------------------------------------------------------------- the deadline


class _Deadline(threading.local):
    at: float | None = None
    seconds: float = RENDER_SECONDS


_deadline = _Deadline()


def check_time() -> None:
    """Raise :class:`RenderTimeout` when the current thread is past its deadline."""
    at = _deadline.at
    if at is not None and time.monotonic() > at:
        _deadline.at = None
        raise RenderTimeout(TIMEOUT_MESSAGE.format(seconds=_deadline.seconds))


@contextlib.contextmanager
def deadline(seconds: float = RENDER_SECONDS) -> Iterator[None]:
    """Bound the rendering done inside to ``seconds`` of wall time (this thread only)."""
    _deadline.at, _deadline.seconds = time.monotonic() + seconds, seconds
    watchdog = _Watchdog(threading.get_ident(), seconds)
    watchdog.start()
    try:
        yield
    finally:
        watchdog.stop()
        _deadline.at = None


class _Watchdog:
    """Raise RenderTimeout in a thread that is still running when its time is up.

    Only for Python code that touches none of the sandbox's hooks (a loop over data with an
    empty body): the exception arrives at its next bytecode. Armed and disarmed under a lock
    so that it never fires after the guarded block has ended.
    """

    def __init__(self, thread_id: int, seconds: float) -> None:
        self.thread_id = thread_id
        self.lock = threading.Lock()
        self.armed = True
        self.timer = threading.Timer(seconds + 0.5, self.fire)
        self.timer.daemon = True

    def start(self) -> None:
        self.timer.start()

    def fire(self) -> None:
        with self.lock:
            if self.armed:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(self.thread_id), ctypes.py_object(RenderTimeout)
                )

    def stop(self) -> None:
        self.timer.cancel()
        with self.lock:
            self.armed = False


# ---------------------------------------------------------------- bounded helpers


def _refuse(message: str) -> SandboxLimitError:
    return SandboxLimitError(message)


class _BoundedRange:
    """``range()`` with at most :data:`MAX_ITEMS` items, checking the clock at each step."""

    def __init__(self, *args: int) -> None:
        self.inner = range(*args)
        if len(self.inner) > MAX_ITEMS:
            raise _refuse(
                f"range() quá lớn: {len(self.inner):,} phần tử, tối đa {MAX_ITEMS:,}.".replace(",", ".")
            )

    def __iter__(self) -> Iterator[int]:
        for i in self.inner:
            check_time()
            yield i

    def __len__(self) -> int:
        return len(self.inner)

    def __getitem__(self, index: int) -> int:
        return self.inner[index]

    def __repr__(self) -> str:
        return repr(self.inner)


def _bounded_range(*args: int) -> _BoundedRange:
    return _BoundedRange(*args)


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    if any(not isinstance(v, int) or v > MAX_LIPSUM for v in (n, min, max)):
        raise _refuse(f"lipsum() quá lớn: tối đa {MAX_LIPSUM} đoạn và {MAX_LIPSUM} từ mỗi đoạn.")
    return str(generate_lorem_ipsum(n, html, min, max))


def _check_width(what: str, *values: Any) -> None:
    for v in values:
        if isinstance(v, int) and not isinstance(v, bool) and v > MAX_TEXT:
            raise _refuse(f"{what}: độ rộng {v} quá lớn (tối đa {MAX_TEXT}).")


def _check_format(what: str, text: Any) -> None:
    if isinstance(text, str) and _WIDE_FORMAT.search(text):
        raise _refuse(f"{what}: độ rộng trong chuỗi định dạng quá lớn.")


def _check_size(what: str, length: int, limit: int) -> None:
    if length > limit:
        raise _refuse(f"{what} tạo ra {length} phần tử/ký tự, quá giới hạn {limit}.")


def _wrap_filter(env: SandboxedEnvironment, name: str, check: Callable[..., None]) -> None:
    original = env.filters[name]

    def bounded(*args: Any, **kwargs: Any) -> Any:
        check(*args, **kwargs)
        return original(*args, **kwargs)

    bounded.__dict__.update(original.__dict__)  # keep pass_environment/pass_context marks
    env.filters[name] = bounded


def _replace_check(*args: Any, **kwargs: Any) -> None:
    values = [a for a in args if isinstance(a, str)]  # the first is the eval context
    if len(values) >= 3:
        text, old, new = values[:3]
        grown = len(text) + (text.count(old) if old else len(text) + 1) * max(0, len(new) - len(old))
        _check_size("replace", grown, MAX_TEXT)


def _format_filter_check(*args: Any, **kwargs: Any) -> None:
    _check_format("format", args[0] if args else "")


def _padding_check(name: str) -> Callable[..., None]:
    def check(*args: Any, **kwargs: Any) -> None:
        _check_width(name, *args[1:], *kwargs.values())

    return check


def _indent_check(*args: Any, **kwargs: Any) -> None:
    text = args[0] if args else ""
    width = args[1] if len(args) > 1 else kwargs.get("width", 4)
    if isinstance(width, int) and isinstance(text, str):
        _check_size("indent", width * (text.count("\n") + 1) + len(text), MAX_TEXT)


def _slice_check(*args: Any, **kwargs: Any) -> None:
    if len(args) > 1 and isinstance(args[1], int):
        _check_size("slice", args[1], MAX_ITEMS)


_STR_WIDTH_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with bounded ranges, repetitions, widths and (in :func:`deadline`) time."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _bounded_range
        self.globals["lipsum"] = _lipsum
        _wrap_filter(self, "center", _padding_check("center"))
        _wrap_filter(self, "indent", _indent_check)
        _wrap_filter(self, "format", _format_filter_check)
        _wrap_filter(self, "replace", _replace_check)
        _wrap_filter(self, "slice", _slice_check)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one plain mapping: the environment's, then its own.

        Jinja chains the two (a ChainMap) so that a global changed later still reaches the
        templates compiled before; the app sets its globals when it makes an environment,
        before compiling anything. Jinja copies the globals into the context of every call,
        and from a plain dict that is twice as fast: a kind's expression is evaluated in
        12 µs instead of 28 (a roll-up evaluates about ten for each of 500 reports).
        """
        return {**self.globals, **(d or {})}

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        check_time()
        if operator == "*":
            _check_repetition(left, right)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%":
            _check_format("%", left)
        elif (
            operator == "+" and isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple)
        ):
            _check_size("phép nối", len(left) + len(right), MAX_TEXT)
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        check_time()
        if isinstance(obj, str) and attribute in ("format", "format_map"):
            _check_format(attribute, obj)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        check_time()
        return super().getitem(obj, argument)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        check_time()
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            if name in _STR_WIDTH_METHODS:
                _check_width(name, *args, *kwargs.values())
            elif name in ("format", "format_map"):
                _check_format(name, owner)
        return super().call(__context, __obj, *args, **kwargs)


def _check_repetition(left: Any, right: Any) -> None:
    for seq, n in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(n, int) and not isinstance(n, bool):
            limit = MAX_TEXT if isinstance(seq, str) else MAX_ITEMS
            _check_size("phép lặp chuỗi «*»", len(seq) * max(n, 0), limit)


def _check_power(left: Any, right: Any) -> None:
    huge = (
        isinstance(left, int) and isinstance(right, int) and abs(left).bit_length() * right > MAX_DIGITS_BITS
    )
    if huge and abs(left) > 1:
        raise _refuse("Lũy thừa quá lớn (kết quả hơn 10.000 chữ số).")
