"""Kind packages: export, lint, import and remove the report kinds IT staff share.

A package is a zip holding ``<id>.toml`` and ``<id>.docx`` (the body template), optionally
later versions ``<id>@<YYYY-MM-DD>.toml`` (with their own ``.docx`` when the template differs)
and example answer files (``vi_du/*.json``). ``soanbaocao kind export`` writes one for any
installed kind, flat and self-contained; ``kind import`` lints a package and installs it into
the data folder's ``kinds/``, or refuses it with the findings and installs nothing.

Lint runs, in order: the kind files (:mod:`desktop_app.report.kind_lint`), the versions as the
catalogue resolves them, each version's template (:mod:`desktop_app.document.template_lint`),
and finally renders each version end to end (its example, or a generated one) and runs the
Nghị định 30 layout check on the document.

::

    export_kind("bao_cao_kstthc", Path("bc.zip"))
    findings = lint_path(Path("bc.zip"))
    kind_id = install_package(Path("bc.zip"))      # KindPackageError(findings) when refused
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from desktop_app.document.layout import check_layout
from desktop_app.document.render import ZIP_EPOCH, RenderError, render_report
from desktop_app.document.template_lint import TemplateNames, lint_template
from desktop_app.report import catalogue
from desktop_app.report.answers import (
    AnswerFileError,
    DocumentInfo,
    Report,
    Signer,
    Unit,
    parse_report,
)
from desktop_app.report.checks import evaluate_report
from desktop_app.report.kind_lint import ERROR, WARNING, Finding, lint_kind_text
from desktop_app.report.kinds import Field, Kind, KindError
from desktop_app.report.periods import period_containing
from desktop_app.system import paths
from desktop_app.system.files import (
    OutputError,
    SetNotRestoredError,
    name_problem,
    replace_together,
    write_atomic,
)
from desktop_app.system.safe_read import Limits, MiB, UnsafeFileError, is_zip, zip_members

_BASE = re.compile(r"^([a-z][a-z0-9_]*)\.toml$")
_VERSION = re.compile(r"^([a-z][a-z0-9_]*)@(\d{4}-\d{2}-\d{2})\.(toml|docx)$")
_EXAMPLE = re.compile(r"^(vi_du/)?[^/]+\.json$")
EXAMPLES_DIR = "vi_du"

# A package is read like every file from elsewhere (:mod:`desktop_app.system.safe_read`: the
# directory checked before anything is inflated; no password, Deflate or stored only; no bomb),
# within a kind's own bounds: a kind, its versions and a few examples are well under 1 MB.
KIND_PACKAGE = Limits(max_bytes=60 * MiB, max_members=64, ratio_floor=1 * MiB)


class KindPackageError(Exception):
    """A package cannot be read, linted clean or installed; ``findings`` say why and where."""

    def __init__(self, message: str, findings: tuple[Finding, ...] = ()) -> None:
        super().__init__(message)
        self.findings = findings


# ---------------------------------------------------------------- reading a package


def read_zip(path: Path) -> dict[str, bytes]:
    """Return the members of the zip at ``path``, refusing anything too big, hostile or oddly named."""
    if not is_zip(path):
        raise KindPackageError(f"Không mở được gói «{path.name}»: không phải tệp .zip hợp lệ.")
    files: dict[str, bytes] = {}
    try:
        for name, data in zip_members(path, KIND_PACKAGE, every=True):
            files[_safe_name(name)] = data
    except UnsafeFileError as exc:
        raise KindPackageError(f"Không mở được gói: {exc}") from exc
    return files


def _safe_name(name: str) -> str:
    pure = PurePosixPath(name)
    if "\\" in name or pure.is_absolute() or ".." in pure.parts or len(pure.parts) > 2:
        raise KindPackageError(f"Tên tệp «{name}» trong gói không hợp lệ.")
    return str(pure)


def read_folder(folder: Path) -> dict[str, bytes]:
    """Return a kind's files in ``folder`` (a package being written), like a package's members."""
    files: dict[str, bytes] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix in (".toml", ".docx", ".json"):
            files[path.name] = path.read_bytes()
    examples = folder / EXAMPLES_DIR
    if examples.is_dir():
        for path in sorted(examples.glob("*.json")):
            files[f"{EXAMPLES_DIR}/{path.name}"] = path.read_bytes()
    return files


def read_path(path: Path) -> dict[str, bytes]:
    """Return the files of a package (.zip) or of a folder."""
    if path.is_dir():
        return read_folder(path)
    if not path.is_file():
        raise KindPackageError(f"Không có tệp hay thư mục «{path}».")
    return read_zip(path)


# ---------------------------------------------------------------- lint


@dataclass(frozen=True)
class PackageLint:
    """What lint found in a package, and the kind it holds (when its files loaded)."""

    kind_id: str
    findings: tuple[Finding, ...]
    versions: tuple[Kind, ...] = ()

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


def lint_path(path: Path) -> PackageLint:
    """Lint the package or folder at ``path``."""
    try:
        files = read_path(path)
    except KindPackageError as exc:
        return PackageLint("", (Finding(ERROR, path.name, "", str(exc), code="goi"),))
    return lint_files(files, path.name)


def lint_files(files: Mapping[str, bytes], name: str = "gói") -> PackageLint:
    """Lint a package's files: kind files, versions, templates, then an end-to-end render."""
    findings: list[Finding] = []
    kind_id = _kind_id(files, name, findings)
    if not kind_id:
        return PackageLint("", tuple(findings))
    _stray_files(files, kind_id, findings)
    if not _names_kept(files, kind_id, findings):
        return PackageLint(kind_id, tuple(findings))
    if kind_id in _builtin_ids():
        message = "trùng mã một loại văn bản có sẵn: đổi id (và tên các tệp) trước khi nhập gói."
        findings.append(Finding(WARNING, f"{kind_id}.toml", "khóa «id»", message, code="ma"))
    ok, base = _lint_kind_files(files, kind_id, findings)
    if not ok:
        base_template = f"{kind_id}.docx"
        if base is not None and base_template in files:  # the template's problems too, in one go
            names = TemplateNames.of_data(base)
            findings.extend(lint_template(base_template, files[base_template], names))
        return PackageLint(kind_id, tuple(findings))
    versions = _load_versions(files, kind_id, findings)
    for kind in versions:
        template = _template_name(files, kind)
        if template is None:
            findings.append(
                Finding(ERROR, f"{kind_id}.docx", "", "gói thiếu mẫu văn bản (tệp .docx).", code="docx")
            )
            continue
        found = lint_template(template, files[template], kind)
        findings.extend(found)
        if not any(f.severity == ERROR for f in found):
            findings.extend(render_check(kind, files))
    return PackageLint(kind_id, tuple(findings), tuple(versions))


def _kind_id(files: Mapping[str, bytes], name: str, findings: list[Finding]) -> str:
    bases = sorted(m.group(1) for n in files if (m := _BASE.match(n)))
    if len(bases) == 1:
        return bases[0]
    message = (
        "gói không có tệp loại văn bản <mã>.toml."
        if not bases
        else f"gói chỉ được có một loại văn bản, có {len(bases)}: {', '.join(bases)}."
    )
    findings.append(Finding(ERROR, name, "", message, code="goi"))
    return ""


def _stray_files(files: Mapping[str, bytes], kind_id: str, findings: list[Finding]) -> None:
    for name in files:
        version = _VERSION.match(name)
        own = name in (f"{kind_id}.toml", f"{kind_id}.docx") or (version and version.group(1) == kind_id)
        if not own and not _EXAMPLE.match(name):
            findings.append(
                Finding(WARNING, name, "", "tệp này không thuộc loại văn bản: bỏ qua.", code="goi")
            )


def _names_kept(files: Mapping[str, bytes], kind_id: str, findings: list[Finding]) -> bool:
    """Check the names the kind's files get when installed, as :func:`install_package` writes
    them (a name Windows refuses fails there, halfway); False when a kind file's own name is bad."""
    own_ok = True
    seen: dict[str, str] = {}
    for name, installed in _installed_names(files, kind_id).items():
        problem = name_problem(installed.rsplit("/", 1)[-1])
        twin = seen.setdefault(installed.casefold(), name)
        if twin != name:
            problem = f"trùng tên với «{twin}» khi cài (Windows không phân biệt chữ hoa, chữ thường)"
        if problem is not None:
            message = f"{problem}; hãy đổi tên tệp này trong gói."
            findings.append(Finding(ERROR, name, "", message, code="ten_tep"))
            own_ok = own_ok and not installed.endswith((".toml", ".docx"))
    return own_ok


def _installed_names(files: Mapping[str, bytes], kind_id: str) -> dict[str, str]:
    """Each package member that is installed, and its name inside the kinds folder."""
    names = {n: n for n in _kind_members(files, kind_id)}
    for name in sorted(n for n in files if _EXAMPLE.match(n)):
        names[name] = f"{EXAMPLES_DIR}/{kind_id}/{name.rsplit('/', 1)[-1]}"
    return names


def _version_names(files: Mapping[str, bytes], kind_id: str) -> list[str]:
    names = [n for n in files if (m := _VERSION.match(n)) and m.group(1) == kind_id and n.endswith(".toml")]
    return [f"{kind_id}.toml", *sorted(names)]


def _lint_kind_files(
    files: Mapping[str, bytes], kind_id: str, findings: list[Finding]
) -> tuple[bool, dict[str, Any] | None]:
    """Lint each kind file; True when they are clean enough to load, and the base file's data."""
    ok = True
    base: dict[str, Any] | None = None
    ids: frozenset[str] = frozenset()
    for name in _version_names(files, kind_id):
        try:
            text = files[name].decode("utf-8")
        except UnicodeDecodeError:
            findings.append(Finding(ERROR, name, "", "tệp không phải văn bản UTF-8.", code="toml"))
            return False, base
        result = lint_kind_text(name, text, ids)
        findings.extend(result.findings)
        ok = ok and result.ok
        if result.data is not None:
            ids = ids | frozenset(_outline_ids(result.data))
            base = base if base is not None else result.data
    return ok, base


def _outline_ids(data: Mapping[str, Any]) -> list[str]:
    out = []
    for key in ("sections", "add_sections"):
        for section in data.get(key, []) if isinstance(data.get(key), list) else []:
            if isinstance(section, dict):
                out.append(str(section.get("id")))
                out += [str(f.get("id")) for f in section.get("fields", []) if isinstance(f, dict)]
    out += [str(f.get("id")) for f in data.get("add_fields", []) if isinstance(f, dict)]
    return out


def _load_versions(files: Mapping[str, bytes], kind_id: str, findings: list[Finding]) -> list[Kind]:
    with tempfile.TemporaryDirectory(prefix="soanbaocao-goi-") as tmp:
        folder = Path(tmp)
        for name, data in files.items():
            if "/" not in name and name.endswith((".toml", ".docx")):
                (folder / name).write_bytes(data)
        try:
            family = catalogue.load_family(folder, kind_id, "own")
            versions = family.versions  # built now: the folder goes away
        except KindError as exc:
            findings.append(Finding(ERROR, f"{kind_id}.toml", "", str(exc), code="loai"))
            return []
        return [_with_template(k, files) for k in versions]


def _with_template(kind: Kind, files: Mapping[str, bytes]) -> Kind:
    name = kind.template_path.name
    return replace(kind, template_file=Path(name), template_data=files.get(name, b""))


def _template_name(files: Mapping[str, bytes], kind: Kind) -> str | None:
    name = kind.template_path.name
    return name if name in files else None


# ---------------------------------------------------------------- the end-to-end render


def render_check(kind: Kind, files: Mapping[str, bytes]) -> list[Finding]:
    """Render ``kind``'s example (or a generated one) and run the layout check on the document."""
    stored = catalogue.register_stored(catalogue.flat_text(kind), kind.template_bytes())
    where = f"{kind.id}.toml (phiên bản {kind.version})"
    report, source = _example(stored, files)
    findings: list[Finding] = []
    with tempfile.TemporaryDirectory(prefix="soanbaocao-lint-") as tmp:
        out = Path(tmp) / f"{kind.id}.docx"
        try:
            for message in evaluate_report(report).errors:
                findings.append(Finding(ERROR, where, source, message, code="bieu_thuc"))
            render_report(report, out)
        except (RenderError, KindError) as exc:
            return [
                *findings,
                Finding(ERROR, where, source, f"tạo văn bản thử không được: {exc}", code="tao_van_ban"),
            ]
        for problem in check_layout(out):
            findings.append(
                Finding(ERROR, where, source, f"văn bản thử sai thể thức: {problem.message}", code="the_thuc")
            )
    return findings


def _example(kind: Kind, files: Mapping[str, bytes]) -> tuple[Report, str]:
    """The package's first example that fits ``kind``, else a generated report."""
    for name in sorted(n for n in files if _EXAMPLE.match(n)):
        try:
            data = json.loads(files[name].decode("utf-8"), parse_float=Decimal)
            if isinstance(data, dict):
                data = {**data, "kind": kind.id, "kind_version": kind.version}
            return parse_report(data, kind=kind), f"ví dụ {name}"
        except (ValueError, AnswerFileError):
            continue
    return sample_report(kind), "ví dụ tự tạo"


def sample_report(kind: Kind) -> Report:
    """Return a report of ``kind`` with every field filled with a plausible value."""
    ptype = next((p for p in kind.periods if p != "tuy_chon"), kind.periods[0])
    day = kind.valid_from or date(2024, 6, 30)
    period = period_containing(ptype, day)
    unit = Unit(
        co_quan="CƠ QUAN MẪU",
        ky_hieu="CQM",
        dia_danh="Địa danh mẫu",
        cap=kind.unit_levels[0],
        co_quan_chu_quan="CƠ QUAN CHỦ QUẢN MẪU",
        ten="Cơ quan mẫu",
    )
    document = DocumentInfo(
        so="1",
        ngay=period.cutoff()[1],
        noi_nhan=("Cơ quan nhận mẫu",),
        nguoi_ky=Signer(chuc_vu="Thủ trưởng", ho_ten="(Họ và tên)"),
    )
    answers = {f.id: _sample(f, day) for f in kind.fields() if not f.computed and not f.parts}
    copy_hash = catalogue.copy_of(kind)[0] if kind.origin == "stored" else ""
    return Report(kind.id, period, unit, document, answers, {}, {}, {}, kind.version, copy_hash)


def _sample(f: Field, day: date) -> Any:
    if f.is_number:
        value: Any = Decimal(50) if f.percent else (3 if f.type == "integer" else Decimal("2.5"))
        if f.maximum is not None and value > f.maximum:
            value = type(value)(f.maximum)
        return value
    samples: dict[str, Any] = {
        "text": "Nội dung mẫu",
        "paragraphs": f"Nội dung mẫu của mục «{f.label}».",
        "choice": f.choices[0].value if f.choices else None,
        "date": day,
        "lines": ["Dòng mẫu"],
        "boolean": True,
        "table": [{c.id: _cell(c.type, c.choices, day) for c in f.columns}],
    }
    return samples.get(f.type)


def _cell(ctype: str, choices: Any, day: date) -> Any:
    return {
        "integer": 1,
        "decimal": Decimal("1.5"),
        "date": day,
        "choice": choices[0].value if choices else "",
    }.get(ctype, "Mẫu")


# ---------------------------------------------------------------- install, remove, export


def install_package(path: Path) -> PackageLint:
    """Lint the package at ``path`` and install it into the data folder's ``kinds/``.

    Raises KindPackageError with the findings when anything is wrong; then nothing is installed.
    Installing a kind that is already installed replaces all its files.
    """
    files = read_path(path)
    result = lint_files(files, path.name)
    if not result.ok:
        raise KindPackageError(
            f"Gói «{path.name}» có {len(result.errors)} lỗi: không cài đặt.", result.findings
        )
    if result.kind_id in _builtin_ids():
        finding = Finding(
            ERROR, f"{result.kind_id}.toml", "khóa «id»", "trùng mã một loại văn bản có sẵn; hãy đổi id."
        )
        raise KindPackageError("Mã loại văn bản trùng loại có sẵn: không cài đặt.", (finding,))
    _write_kind(result.kind_id, files)
    catalogue.forget()
    return result


def _builtin_ids() -> set[str]:
    return {p.stem for p in catalogue.builtin_dir().glob("*.toml") if _BASE.match(p.name)}


def _kind_members(files: Mapping[str, bytes], kind_id: str) -> dict[str, bytes]:
    return {
        n: d
        for n, d in files.items()
        if n in (f"{kind_id}.toml", f"{kind_id}.docx") or ((m := _VERSION.match(n)) and m.group(1) == kind_id)
    }


def _write_kind(kind_id: str, files: Mapping[str, bytes]) -> None:
    """Put the kind's files in place of its old ones (if any), all or nothing."""
    folder = catalogue.own_dir()
    new = {installed: files[name] for name, installed in _installed_names(files, kind_id).items()}
    old = _installed_files(folder, kind_id)
    try:
        replace_together(folder, new, old)
    except SetNotRestoredError as exc:
        raise KindPackageError(f"Không cài được loại văn bản «{kind_id}». {exc}") from exc
    except OutputError as exc:
        kept = f"loại «{kind_id}» đã cài vẫn dùng được như cũ" if old else "chưa có gì được cài"
        raise KindPackageError(
            f"Không cài được loại văn bản «{kind_id}». {exc} Thư mục loại văn bản vẫn như trước: {kept}."
        ) from exc


def _installed_files(folder: Path, kind_id: str) -> list[str]:
    """The names of ``kind_id``'s files (and examples folder) in the kinds ``folder``."""
    names = [f"{kind_id}.toml", f"{kind_id}.docx", f"{EXAMPLES_DIR}/{kind_id}"]
    names += sorted(p.name for p in folder.glob(f"{kind_id}@*") if _VERSION.match(p.name))
    return [n for n in names if (folder / n).exists()]


def remove_kind(kind_id: str) -> None:
    """Remove an own kind (reports written with it keep the copy stored with them), all or nothing."""
    fam = catalogue.catalogue().families.get(kind_id)
    if fam is not None and not fam.is_own:
        raise KindPackageError(f"«{fam.title}» là loại văn bản có sẵn của ứng dụng: không gỡ được.")
    folder = catalogue.own_dir()
    old = _installed_files(folder, kind_id) if folder.is_dir() else []
    if not old and fam is None:
        raise KindPackageError(f"Không có loại văn bản riêng «{kind_id}».")
    try:
        replace_together(folder, {}, old)
    except SetNotRestoredError as exc:
        raise KindPackageError(f"Không gỡ được loại văn bản «{kind_id}». {exc}") from exc
    except OutputError as exc:
        raise KindPackageError(
            f"Không gỡ được loại văn bản «{kind_id}». {exc} Loại văn bản vẫn còn nguyên, chưa gỡ gì."
        ) from exc
    finally:
        catalogue.forget()


def export_kind(kind_id: str, out: Path, day: date | None = None) -> Kind:
    """Write the version of ``kind_id`` in force on ``day`` (default today) to the package ``out``."""
    fam = catalogue.family(kind_id)
    kind = fam.in_force_on(day or date.today()) or fam.latest
    files = {
        f"{kind.id}.toml": _flat_toml(kind).encode("utf-8"),
        f"{kind.id}.docx": kind.template_bytes(),
    }
    for name, data in _examples_for(kind, fam.is_own).items():
        files[f"{EXAMPLES_DIR}/{name}"] = data
    write_atomic(out, package_bytes(files))
    return kind


def _flat_toml(kind: Kind) -> str:
    if kind.source_text:
        return kind.source_text
    head = (
        f"# {kind.title}, phiên bản {kind.version}"
        + (f", áp dụng từ {kind.valid_from:%d/%m/%Y}" if kind.valid_from else "")
        + ".\n# Tệp phẳng, đủ nội dung (xuất từ Soạn Báo Cáo; xem docs/loai-van-ban.md).\n"
    )
    return head + catalogue.flat_text(kind)


def _examples_for(kind: Kind, own: bool) -> dict[str, bytes]:
    folder = catalogue.own_dir() / EXAMPLES_DIR / kind.id if own else paths.resources_dir() / "examples"
    out: dict[str, bytes] = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text("utf-8"), parse_float=Decimal)
        except (ValueError, OSError):
            continue
        if not own and data.get("kind") != kind.id:
            continue
        answers = data.get("answers", {})
        if isinstance(answers, dict) and all(kind.has_field(i) for i in answers):
            out[path.name] = path.read_bytes()
    return out


def package_bytes(files: Mapping[str, bytes]) -> bytes:
    """Return a deterministic zip of ``files`` (sorted, dated 1/1/1980)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            z.writestr(zipfile.ZipInfo(name, date_time=ZIP_EPOCH), files[name], zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
