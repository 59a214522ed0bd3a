"""Reports keep the kind they were written with: removed or changed kinds still open and render."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop_app.document.kind_package import KindPackageError, install_package, remove_kind
from desktop_app.document.render import render_report
from desktop_app.report import catalogue
from desktop_app.report.answers import DocumentInfo, Signer, Unit
from desktop_app.report.checks import check
from desktop_app.report.periods import Period
from desktop_app.report.prefill import new_report
from desktop_app.storage import Store
from tests.core.kindkit import edit_toml, exported, renamed, write_package

ROOT = Path(__file__).resolve().parents[3]
OWN = "ke_hoach_rieng"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOANBAOCAO_HOME", str(tmp_path / "home"))
    catalogue.forget()
    return tmp_path / "home"


@pytest.fixture
def package(tmp_path: Path, home: Path) -> dict[str, bytes]:
    files = renamed(exported(tmp_path, "ke_hoach_kstthc"), OWN, "Kế hoạch KSTTHC (mẫu của tỉnh)")
    install_package(write_package(tmp_path / "goi.zip", files))
    return files


def write_plan(store: Store) -> int:
    unit = Unit("UBND XÃ SƠN HẢI", "UBND", "Sơn Hải", "xa", "UBND TỈNH AN GIANG", "UBND xã Sơn Hải")
    document = DocumentInfo(
        noi_nhan=("UBND tỉnh",), nguoi_ky=Signer("CHỦ TỊCH", "(Họ và tên)", "TM.", "Ủy ban nhân dân")
    )
    report = new_report(OWN, Period.parse("nam:2026"), unit, document).report
    report = report.with_answers({**report.answers, "muc_dich": "Bảo đảm TTHC được kiểm soát."})
    return store.create_report(store.add_unit(unit), report)


def reproduce(home: Path, db: Path, output_id: int, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOANBAOCAO_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(db), "reproduce", str(output_id), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )


def test_a_document_that_went_out_reproduces_after_its_kind_changed(
    tmp_path: Path, home: Path, package: dict[str, bytes]
) -> None:
    db = tmp_path / "a.db"
    sent = tmp_path / "da-gui.docx"
    with Store.open(db) as store:
        report_id = write_plan(store)
        report = store.load_report(report_id)
        output_id = store.record_output(report_id, sent, render_report(report, sent).data, report)
    # The province's IT officer rewords the kind and imports it again, version unchanged.
    changed = edit_toml(
        package, 'heading = "Mục đích và yêu cầu"', 'heading = "Mục đích, yêu cầu của kế hoạch"'
    )
    install_package(write_package(tmp_path / "goi2.zip", changed))
    with Store.open(db) as store:
        current = render_report(store.load_report(report_id)).data
    assert hashlib.sha256(current).digest() != hashlib.sha256(sent.read_bytes()).digest()
    again = tmp_path / "lai.docx"
    result = reproduce(home, db, output_id, again)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Giống hệt" in result.stdout and again.read_bytes() == sent.read_bytes()
    # Even with the kind removed altogether.
    remove_kind(OWN)
    again.unlink()
    assert reproduce(home, db, output_id, again).returncode == 0
    assert again.read_bytes() == sent.read_bytes()


def test_a_report_of_a_removed_kind_opens_from_its_copy(
    tmp_path: Path, home: Path, package: dict[str, bytes]
) -> None:
    db = tmp_path / "a.db"
    with Store.open(db) as store:
        report_id = write_plan(store)
        before = render_report(store.load_report(report_id)).data
    remove_kind(OWN)
    assert OWN not in catalogue.catalogue().families
    with Store.open(db) as store:
        report = store.load_report(report_id)
        assert report.kind_copy and not catalogue.is_current(catalogue.kind_of(report))
        assert catalogue.kind_of(report).title == "Kế hoạch KSTTHC (mẫu của tỉnh)"
        assert render_report(report).data == before
        check(report)  # the checks run on the copy too
        assert store.list_reports()[0].kind == OWN


def test_a_report_whose_version_was_replaced_opens_from_its_copy(
    tmp_path: Path, home: Path, package: dict[str, bytes]
) -> None:
    db = tmp_path / "a.db"
    with Store.open(db) as store:
        report_id = write_plan(store)
    newer = edit_toml(package, 'version = "kh-kstthc-hai-cap.1"', 'version = "tinh-2027.1"')
    install_package(write_package(tmp_path / "goi2.zip", newer))
    with Store.open(db) as store:
        report = store.load_report(report_id)
        assert report.kind_copy and report.kind_version == "kh-kstthc-hai-cap.1"
    # Reworded under the same version: the report follows the installed kind, editable.
    same = edit_toml(package, 'title = "Kế hoạch KSTTHC (mẫu của tỉnh)"', 'title = "Kế hoạch (sửa chữ)"')
    install_package(write_package(tmp_path / "goi3.zip", same))
    with Store.open(db) as store:
        report = store.load_report(report_id)
        assert not report.kind_copy and catalogue.kind_of(report).title == "Kế hoạch (sửa chữ)"


def test_export_all_carries_the_copies(tmp_path: Path, home: Path, package: dict[str, bytes]) -> None:
    with Store.open(tmp_path / "a.db") as store:
        report_id = write_plan(store)
        store.export_all(tmp_path / "all.zip")
    remove_kind(OWN)
    with Store.open(tmp_path / "b.db") as other:
        summary = other.import_all(tmp_path / "all.zip")
        assert summary.added["kind_copies"] == 1
        assert other.load_report(report_id).kind_copy


def bomb_template(template: bytes, megabytes: int = 300) -> bytes:
    """``template`` with ``megabytes`` of spaces in a comment of its document.xml: a 300 KB zip."""
    with zipfile.ZipFile(io.BytesIO(template)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts.pop("word/document.xml")
    at = xml.index(b"<w:body>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(xml[:at] + b"<!--")
            for _ in range(megabytes):
                member.write(b" " * (1 << 20))
            member.write(b"-->" + xml[at:])
    return out.getvalue()


def test_a_template_bomb_is_refused_in_a_package_and_in_a_kind_copy(
    tmp_path: Path, home: Path, package: dict[str, bytes]
) -> None:
    """A Word template is a zip too: a package's, or a copy's in an export package, that would
    inflate to 300 MB is refused from its directory (lint took 1.3 GB of memory to fail on it,
    and an imported copy inflated when its report was rendered)."""
    bomb = bomb_template(package[f"{OWN}.docx"])
    assert len(bomb) < 1_000_000
    with pytest.raises(KindPackageError) as refused:
        install_package(write_package(tmp_path / "bom.zip", {**package, f"{OWN}.docx": bomb}))
    assert any("bom nén" in f.text() for f in refused.value.findings)

    with Store.open(tmp_path / "a.db") as store:
        report_id = write_plan(store)
        store.export_all(tmp_path / "all.zip")
    with zipfile.ZipFile(tmp_path / "all.zip") as z:
        payload = json.loads(z.read("soanbaocao.json"))
    (copy,) = payload["tables"]["kind_copies"]
    copy["template"] = base64.b64encode(bomb).decode("ascii")
    copy["hash"] = catalogue.digest(copy["toml"], bomb)
    for row in payload["tables"]["reports"]:
        row["kind_hash"] = copy["hash"]
    with zipfile.ZipFile(tmp_path / "bom_all.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("soanbaocao.json", json.dumps(payload, ensure_ascii=False))
    remove_kind(OWN)
    with Store.open(tmp_path / "b.db") as other:
        summary = other.import_all(tmp_path / "bom_all.zip")
        assert any("bom nén" in line for line in summary.damaged), summary.damaged
        assert not summary.added.get("kind_copies") and report_id not in [r.id for r in other.list_reports()]
