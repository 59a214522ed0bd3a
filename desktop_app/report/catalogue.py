"""Where report kinds come from, their versions by date, and which version a report uses.

Two folders hold kinds, laid out alike:

- built in: ``resources/kinds/<id>.toml`` with its template ``templates_docx/<id>.docx``;
- own kinds (the IT officer's, installed with ``soanbaocao kind import``): the data folder's
  ``kinds/<id>.toml`` with ``kinds/<id>.docx`` beside it. An own kind may not take a built-in id.

Versions by date: ``<id>@<YYYY-MM-DD>.toml`` beside ``<id>.toml`` is a later version of the
kind, in force from that date; most are overlays (:mod:`desktop_app.report.overlay`) saying only
what changed. A version shares the template of the version before it unless
``<id>@<YYYY-MM-DD>.docx`` is there too.

The date is judged by the END of the period's data cut-off (``Period.cutoff()[1]``; for a
custom range its last day): "periods after 30/6/2025" are those whose figures run past that day,
which are the reports written under the new law. Quý III/2025 (15/6–14/9/2025) is the first
quarter without huyện; tháng 3/2026 (15/02–14/3/2026) the first month under Thông tư 5/2025.

A report names its version (``kind_version`` in the answer file and the database); a report
without one (written before versions existed) uses the version in force for its period if its
answers fit it, otherwise the newest earlier version they fit. A report whose kind or version
is no longer installed uses the copy of its kind kept in the database (:func:`register_stored`).

>>> kind_of(report).version                                   # doctest: +SKIP
'nd118-2025.1'
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

from desktop_app.report.kinds import Kind, KindError, build_kind, kinds_dir
from desktop_app.report.overlay import apply_overlay, is_overlay
from desktop_app.report.periods import Period
from desktop_app.report.toml_text import dumps
from desktop_app.system import datadir, paths

OWN_DIR = "kinds"
_BASE = re.compile(r"^[a-z][a-z0-9_]*$")
_VERSION = re.compile(r"^([a-z][a-z0-9_]*)@(\d{4}-\d{2}-\d{2})$")
ORIGIN_WORDS = {"builtin": "có sẵn", "own": "riêng", "stored": "bản lưu"}


class ReportRef(Protocol):
    """What picks a report's kind (a :class:`desktop_app.report.answers.Report`)."""

    @property
    def kind(self) -> str: ...
    @property
    def kind_version(self) -> str: ...
    @property
    def kind_copy(self) -> str: ...
    @property
    def period(self) -> Period: ...


@dataclass(frozen=True)
class VersionSource:
    """One version as read from its file: the flat data, before it is built into a Kind."""

    path: Path
    flat: dict[str, Any] = field(repr=False)
    template: Path
    source_text: str = field(default="", repr=False)  # its file, when the file is flat

    @property
    def version(self) -> str:
        return str(self.flat.get("version", ""))

    @property
    def valid_from(self) -> date | None:
        value = self.flat.get("valid_from")
        if isinstance(value, date) or value is None:
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise KindError(
                f"{self.path.name}: valid_from «{value}» không phải ngày dạng 2025-07-01."
            ) from None


@dataclass(frozen=True)
class KindFamily:
    """A kind with all its versions, oldest first.

    Versions are built (and their expressions compiled) when first asked for: listing kinds
    reads titles and dates only.
    """

    id: str
    origin: str  # "builtin" | "own"
    sources: tuple[VersionSource, ...]
    files: tuple[Path, ...] = field(default=(), compare=False)
    _built: dict[int, Kind] = field(default_factory=dict, repr=False, compare=False)

    @property
    def title(self) -> str:
        return str(self.sources[-1].flat.get("title", self.id))

    @property
    def is_own(self) -> bool:
        return self.origin == "own"

    @property
    def latest(self) -> Kind:
        return self.build(len(self.sources) - 1)

    @property
    def period_types(self) -> tuple[str, ...]:
        """The period types any version is written for: the latest's, then those only older ones
        had (a report of an old period is written with the version in force then). Read from the
        versions' files, without building them (the dialogs ask on every change of kind)."""
        seen: list[str] = []
        for source in reversed(self.sources):  # the latest first
            periods = source.flat.get("periods")
            seen += [t for t in periods or () if isinstance(t, str) and t not in seen]
        return tuple(seen)

    @property
    def versions(self) -> tuple[Kind, ...]:
        return tuple(self.build(i) for i in range(len(self.sources)))

    def build(self, index: int) -> Kind:
        """Return version ``index`` (0 = the first), built once."""
        if index not in self._built:
            source = self.sources[index]
            after = self.sources[index + 1].valid_from if index + 1 < len(self.sources) else None
            kind = build_kind(source.flat, source.path)
            self._built[index] = replace(
                kind,
                origin=self.origin,
                template_file=source.template,
                source_text=source.source_text,
                valid_until=after - timedelta(days=1) if after else None,
            )
        return self._built[index]

    def version(self, version: str) -> Kind | None:
        found = [i for i, s in enumerate(self.sources) if s.version == version]
        return self.build(found[0]) if found else None

    def in_force(self, period: Period) -> Kind | None:
        """Return the version for ``period`` (judged by the end of its cut-off), or None."""
        return self.in_force_on(period.cutoff()[1])

    def in_force_on(self, day: date) -> Kind | None:
        found = [i for i, s in enumerate(self.sources) if s.valid_from is None or s.valid_from <= day]
        return self.build(found[-1]) if found else None


@dataclass(frozen=True)
class Catalogue:
    """Every kind installed: built in and own, and the own kind files that do not load."""

    families: Mapping[str, KindFamily]
    broken: Mapping[str, str] = field(default_factory=dict)  # own kind id -> what is wrong


# ---------------------------------------------------------------- folders


def builtin_dir() -> Path:
    return kinds_dir()


def own_dir() -> Path:
    """The data folder's ``kinds/`` (not created here)."""
    return datadir.data_dir() / OWN_DIR


# ---------------------------------------------------------------- reading a folder


def kind_files(folder: Path, kind_id: str) -> list[Path]:
    """Return ``<id>.toml`` and its version files in ``folder``, the base first, then by date."""
    versions = sorted(p for p in folder.glob(f"{kind_id}@*.toml") if _VERSION.match(p.stem))
    return [folder / f"{kind_id}.toml", *versions]


def load_family(folder: Path, kind_id: str, origin: str, templates: Path | None = None) -> KindFamily:
    """Read every version of ``kind_id`` in ``folder`` (templates in ``templates`` or beside).

    Overlays are applied and the files' dates checked here; each version is built when used.
    """
    files = kind_files(folder, kind_id)
    sources: list[VersionSource] = []
    flat: dict[str, Any] | None = None
    template: Path | None = None
    for path in files:
        data = read_toml(path)
        flat = apply_overlay(flat, data, path.name) if flat is not None and is_overlay(data) else data
        template = _template(path, templates or folder, template)
        text = path.read_text(encoding="utf-8") if not is_overlay(data) else ""
        source = VersionSource(path, flat, template, text)
        _check_version_file(kind_id, source, sources)
        sources.append(source)
    return KindFamily(kind_id, origin, tuple(sources), tuple(files))


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise KindError(f"Không đọc được tệp loại văn bản {path.name}: {exc}") from exc


def _template(path: Path, folder: Path, inherited: Path | None) -> Path:
    """A version's own template when there is one, else the one it shares with the version before."""
    own = folder / f"{path.stem}.docx"
    if own.is_file() or inherited is None:
        return own
    return inherited


def _check_version_file(kind_id: str, source: VersionSource, before: list[VersionSource]) -> None:
    path = source.path
    match = _VERSION.match(path.stem)
    if source.flat.get("id") != kind_id:
        raise KindError(f"{path.name}: id «{source.flat.get('id')}» phải trùng tên tệp «{kind_id}».")
    if not before:
        if match:
            raise KindError(f"{path.name}: thiếu tệp gốc «{kind_id}.toml».")
        source.valid_from  # noqa: B018 - a wrong date is refused here, not when first used
        return
    stated = match.group(2) if match else ""
    start = source.valid_from
    if start is None or start.isoformat() != stated:
        raise KindError(f"{path.name}: valid_from phải là {stated}, đúng ngày trong tên tệp.")
    previous = before[-1].valid_from
    if previous is not None and previous >= start:
        raise KindError(f"{path.name}: ngày áp dụng phải sau phiên bản trước ({previous}).")
    if any(s.version == source.version for s in before):
        raise KindError(
            f"{path.name}: phiên bản «{source.version}» đã dùng cho một tệp khác; hãy đổi version."
        )


def _scan(folder: Path, origin: str, errors: dict[str, str] | None) -> dict[str, KindFamily]:
    if not folder.is_dir():
        return {}
    found: dict[str, KindFamily] = {}
    for path in sorted(folder.glob("*.toml")):
        if not _BASE.match(path.stem):
            continue
        try:
            templates = paths.templates_dir() if origin == "builtin" else folder
            found[path.stem] = load_family(folder, path.stem, origin, templates)
        except KindError as exc:
            if errors is None:
                raise
            errors[path.stem] = str(exc)
    return found


# ---------------------------------------------------------------- the catalogue

_cache: dict[tuple[str, tuple[tuple[str, int, int], ...]], Catalogue] = {}
_builtin: dict[str, KindFamily] = {}


def _signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when an own kind is added, removed or replaced (cheap: one listing)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return ()
    return tuple(sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in entries if e.is_file()))


# A catalogue held for one batch of work (a roll-up's files), in this thread only.
_held: ContextVar[Catalogue | None] = ContextVar("catalogue_held", default=None)


@contextmanager
def held() -> Iterator[Catalogue]:
    """Look at the own kinds' folder once for a batch of work, not once per report.

    A roll-up asks for each of its 500 reports' kind several times (reading, evaluating,
    checking): each ask would list the folder again. A kind installed meanwhile is seen by
    the next batch. Only the calling thread holds it (the app's window keeps looking).
    """
    current = catalogue()
    token = _held.set(current)
    try:
        yield current
    finally:
        _held.reset(token)


def catalogue() -> Catalogue:
    """Return every installed kind; own kinds are read again when their folder changed."""
    found = _held.get()
    if found is not None:
        return found
    if not _builtin:
        _builtin.update(_scan(builtin_dir(), "builtin", None))
    folder = own_dir()
    key = (str(folder), _signature(folder))
    if key not in _cache:
        _cache.clear()
        broken: dict[str, str] = {}
        own = _scan(folder, "own", broken)
        for kind_id in sorted(set(own) & set(_builtin)):
            broken[kind_id] = f"Mã «{kind_id}» trùng một loại văn bản có sẵn; hãy đổi id."
            del own[kind_id]
        _cache[key] = Catalogue({**_builtin, **own}, broken)
    return _cache[key]


def families() -> list[KindFamily]:
    """Return every kind, built-in ones first, each group by id."""
    found = catalogue().families.values()
    return sorted(found, key=lambda f: (f.is_own, f.id))


def family(kind_id: str) -> KindFamily:
    """Return the kind ``kind_id`` with its versions; KindError in Vietnamese when missing."""
    found = catalogue().families.get(kind_id)
    if found is None:
        known = ", ".join(sorted(catalogue().families))
        raise KindError(
            f"Không có loại văn bản «{kind_id}» trên máy này. Các loại có: {known}. Một loại văn bản riêng "
            "(gói của tỉnh, hay loại đã gỡ bằng «kind remove») phải được nạp lại: Công cụ › Cài đặt… › "
            "4. Loại văn bản › Nhập gói…, hoặc «soanbaocao kind import GÓI.zip»."
        )
    return found


def in_force(kind_id: str, period: Period) -> Kind:
    """Return the version of ``kind_id`` in force for ``period``."""
    fam = family(kind_id)
    kind = fam.in_force(period)
    if kind is None:
        first = fam.sources[0].valid_from
        start = first.strftime("%d/%m/%Y") if first else "?"
        raise KindError(
            f"{fam.title} chỉ dùng cho các kỳ có ngày chốt số liệu từ {start}; "
            f"{period.words()} kết thúc trước ngày đó."
        )
    return kind


def kind_version(kind_id: str, version: str) -> Kind:
    """Return the version ``version`` of ``kind_id``; KindError when it is not installed."""
    fam = family(kind_id)
    kind = fam.version(version)
    if kind is None:
        known = ", ".join(s.version for s in fam.sources)
        raise KindError(f"{fam.title} không có phiên bản «{version}» (các phiên bản có: {known}).")
    return kind


def resolve(kind_id: str, version: str, period: Period, ids: Iterable[str] = ()) -> Kind:
    """Return the kind a report of ``period`` names: its version, or one its answers fit."""
    if version:
        return kind_version(kind_id, version)
    kind = in_force(kind_id, period)
    names = set(ids)
    if all(kind.has_field(i) for i in names):
        return kind
    earlier = [k for k in family(kind_id).versions if k.valid_from is None or k.valid_from < _start(kind)]
    fitting = [k for k in earlier if all(k.has_field(i) for i in names)]
    return fitting[-1] if fitting else kind


def _start(kind: Kind) -> date:
    return kind.valid_from or date.min


def kind_of(report: ReportRef) -> Kind:
    """Return the kind ``report`` is written with (its stored copy when it has one)."""
    if report.kind_copy:
        return stored_kind(report.kind_copy)
    return resolve(report.kind, report.kind_version, report.period)


def forget() -> None:
    """Read every folder again on the next use (after installing or removing a kind)."""
    _cache.clear()
    _builtin.clear()
    _copies.clear()


# ---------------------------------------------------------------- flat files, stored copies

_stored: dict[str, Kind] = {}


def flat_text(kind: Kind) -> str:
    """Return the kind as one self-contained TOML text (its own file when it was one)."""
    if kind.source_text:
        return kind.source_text
    return dumps(dict(kind.source))


def digest(toml_text: str, template: bytes) -> str:
    """Return the hash a copy of a kind is stored and found by."""
    h = hashlib.sha256()
    for part in (b"soanbaocao.kind/1", toml_text.encode("utf-8"), template):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


_copies: dict[int, tuple[Kind, tuple[str, str, bytes]]] = {}


def copy_of(kind: Kind) -> tuple[str, str, bytes]:
    """Return (hash, flat TOML text, template bytes): what keeps ``kind`` with a report.

    Computed once per loaded kind (every save asks for it).
    """
    known = _copies.get(id(kind))
    if known is not None and known[0] is kind:
        return known[1]
    text = flat_text(kind)
    template = kind.template_bytes()
    result = (digest(text, template), text, template)
    _copies[id(kind)] = (kind, result)
    return result


def register_stored(toml_text: str, template: bytes) -> Kind:
    """Load a stored copy of a kind (from the database) and keep it for :func:`kind_of`."""
    key = digest(toml_text, template)
    if key not in _stored:
        try:
            data = tomllib.loads(toml_text)
        except tomllib.TOMLDecodeError as exc:
            raise KindError(f"Bản lưu của loại văn bản bị hỏng: {exc}") from exc
        name = Path(f"{data.get('id', 'loai')}.toml")
        kind = build_kind(data, name)
        _stored[key] = replace(
            kind,
            origin="stored",
            template_file=Path(f"{kind.id}.docx"),
            template_data=template,
            source_text=toml_text,
        )
    return _stored[key]


def find_stored(kind_id: str, version: str) -> Kind | None:
    """Return a registered stored copy of ``kind_id`` in ``version`` (None when none is loaded):
    how a report of a kind not installed here is read from the copy kept with it."""
    return next((k for k in _stored.values() if (k.id, k.version) == (kind_id, version)), None)


def stored_kind(key: str) -> Kind:
    try:
        return _stored[key]
    except KeyError:
        raise KindError("Chưa nạp bản lưu của loại văn bản này (mở báo cáo từ cơ sở dữ liệu).") from None


def is_current(kind: Kind) -> bool:
    """Tell whether ``kind`` (maybe a stored copy) is still installed, unchanged in version."""
    found = catalogue().families.get(kind.id)
    return found is not None and found.version(kind.version) is not None
