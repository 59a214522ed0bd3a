"""Fuzz: 250 seeded mutations of an export package, merged into a database with data (issue 14).

Each mutated package is either refused with a Vietnamese message, the database unchanged (its
whole content compared before and after), or imported: then every report the database lists
opens, with every revision, and nothing is listed as damaged. Some mutations hit the zip itself
(a flipped byte, a password flag, PPMd, a cut). Run time and counts are printed, never asserted.
"""

from __future__ import annotations

import io
import json
import random
import struct
import time
import zipfile
from pathlib import Path
from typing import Any

from desktop_app.report.answers import Signer
from desktop_app.storage import StorageError, Store
from tests.core.conftest import SEED_FIXTURES, db_content, is_vietnamese
from tests.core.fuzz import Mutator

SEED = 14
MUTATIONS = 250


def export(tmp_path: Path) -> dict[str, Any]:
    """A package of every kind of row: units, a name history, signers, lists, reports, revisions, outputs."""
    with Store.open(tmp_path / "nguon" / "soanbaocao.db") as store:
        ids = [store.import_report(p) for p in sorted(SEED_FIXTURES.glob("*.json"))]
        unit_id = store.report_info(ids[0]).unit_id
        store.rename_unit(unit_id, store.get_unit(unit_id).unit)
        store.add_signer(unit_id, Signer("GIÁM ĐỐC", "Nguyễn Văn A"))
        store.add_recipient_list(unit_id, "noi_nhan", ["Như trên", "Lưu: VT"], luu="VT")
        report = store.load_report(ids[0])
        store.save_report(ids[0], report.with_answers({**report.answers, "hs_moi_truc_tiep": 8}))
        store.record_output(ids[0], Path("bao_cao.docx"), b"docx", report)
        store.export_all(tmp_path / "nguon.zip")
    with zipfile.ZipFile(tmp_path / "nguon.zip") as archive:
        payload: dict[str, Any] = json.loads(archive.read("soanbaocao.json"))
    return payload


def zipped(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("soanbaocao.json", data)
    return buffer.getvalue()


def zip_damage(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    action = rng.randrange(4)
    if action == 0:
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    elif action in (1, 2):
        for signature, flags, method in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
            at = out.find(signature)
            if action == 1:
                out[at + flags] |= 0x01  # a password
            else:
                struct.pack_into("<H", out, at + method, 98)  # PPMd
    else:
        del out[rng.randrange(len(out)) :]
    return bytes(out)


def opens_fully(store: Store) -> None:
    """Every listed report opens, with every revision; none is damaged."""
    for info in store.list_reports(include_deleted=True):
        assert not info.damaged, info
        store.load_report(info.id)
        for revision in store.revisions(info.id):
            store.load_revision(info.id, revision.n)


def test_mutated_packages_are_refused_unchanged_or_imported_sound(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    mutator = Mutator(rng)
    payload = export(tmp_path)
    tables = payload["tables"]
    filled = [t for t, rows in tables.items() if rows]
    db = tmp_path / "dich" / "soanbaocao.db"
    with Store.open(db) as store:
        store.import_report(sorted(SEED_FIXTURES.glob("*.json"))[1])
    counts = {"refused": 0, "imported": 0, "rows left out": 0, "notices": 0}
    start = time.perf_counter()
    for i in range(MUTATIONS):
        target = rng.choice([None, *filled])  # mostly a column of a row of one table

        def choose(found: list[tuple[Any, ...]], table: str | None = target) -> tuple[Any, ...]:
            inside = [p for p in found if len(p) >= 4 and p[0] == "tables" and p[1] == table]
            return rng.choice(inside or found)

        text = mutator.mutate(payload, choose if target else None)
        data = zip_damage(rng, zipped(text)) if rng.random() < 0.1 else zipped(text)
        path = tmp_path / f"goi_{i}.zip"
        path.write_bytes(data)
        before = db_content(db)
        with Store.open(db) as store:
            try:
                summary = store.import_all(path, merge=True)
            except StorageError as exc:
                counts["refused"] += 1
                assert is_vietnamese(str(exc)), (i, str(exc)[:300])
            else:
                counts["imported"] += 1
                counts["rows left out"] += len(summary.damaged)
                counts["notices"] += len(summary.notices)
                assert all(is_vietnamese(d) for d in summary.damaged), summary.damaged
                opens_fully(store)
                continue
        assert db_content(db) == before, i
        path.unlink()
    elapsed = time.perf_counter() - start
    print(f"\n{MUTATIONS} mutated packages in {elapsed:.1f} s: {counts}")
    assert counts["refused"] and counts["imported"] and counts["rows left out"]
