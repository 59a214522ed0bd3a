"""Build kind packages for tests: a shipped kind exported, renamed, reworded or broken on purpose."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from desktop_app.document.kind_package import export_kind, package_bytes, read_zip

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def exported(tmp_path: Path, kind_id: str = "bao_cao_kstthc") -> dict[str, bytes]:
    """The files of ``kind_id`` as ``kind export`` writes them."""
    out = tmp_path / f"{kind_id}-xuat.zip"
    export_kind(kind_id, out)
    return read_zip(out)


def renamed(files: dict[str, bytes], new_id: str, title: str | None = None) -> dict[str, bytes]:
    """The package with its kind renamed to ``new_id`` (the id key and the file names)."""
    old = next(m.group(1) for n in files if (m := re.match(r"^([a-z_0-9]+)\.toml$", n)))
    out: dict[str, bytes] = {}
    for name, data in files.items():
        if name.endswith(".toml"):
            text = re.sub(rf'^id = "{old}"', f'id = "{new_id}"', data.decode("utf-8"), count=1, flags=re.M)
            if title is not None:
                text = re.sub(r'^title = ".*"$', f'title = "{title}"', text, count=1, flags=re.M)
            data = text.encode("utf-8")
        out[name.replace(old, new_id, 1) if name.startswith(old) else name] = data
    return out


def edit_toml(files: dict[str, bytes], old: str, new: str, count: int = 1) -> dict[str, bytes]:
    name = next(n for n in files if re.match(r"^[a-z_0-9]+\.toml$", n))
    text = files[name].decode("utf-8")
    assert old in text, old
    return {**files, name: text.replace(old, new, count).encode("utf-8")}


def add_paragraph(files: dict[str, bytes], *runs: str) -> dict[str, bytes]:
    """The package with a body paragraph of ``runs`` (one w:r each) added at the end of its template."""
    name = next(n for n in files if re.match(r"^[a-z_0-9]+\.docx$", n))
    with zipfile.ZipFile(io.BytesIO(files[name])) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    body_runs = "".join(f'<w:r><w:t xml:space="preserve">{escape(r)}</w:t></w:r>' for r in runs)
    para = f'<w:p><w:pPr><w:pStyle w:val="NoiDung"/></w:pPr>{body_runs}</w:p>'
    end = xml.rindex("<w:sectPr") if "<w:sectPr" in xml else xml.rindex("</w:body>")
    parts["word/document.xml"] = (xml[:end] + para + xml[end:]).encode("utf-8")
    return {**files, name: package_bytes(parts)}


def paragraph_count(files: dict[str, bytes]) -> int:
    name = next(n for n in files if re.match(r"^[a-z_0-9]+\.docx$", n))
    with zipfile.ZipFile(io.BytesIO(files[name])) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    body = xml[xml.index("<w:body>") :]
    depth, count = 0, 0
    for tag in re.finditer(r"<(/?)w:(tbl|p)\b[^>]*?(/?)>", body):
        closing, kind, selfclosing = tag.groups()
        if kind == "tbl":
            depth += -1 if closing else 1
        elif kind == "p" and not closing and not selfclosing and depth == 0:
            count += 1
    return count


def write_package(path: Path, files: dict[str, bytes]) -> Path:
    path.write_bytes(package_bytes(files))
    return path
