"""The data folder where officials' Windows puts it: under a user name with Vietnamese letters and
spaces, on a network share, in a folder a Mac or a zip tool named decomposed."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Literal

import pytest

from desktop_app.cli import main
from desktop_app.storage import Store
from desktop_app.storage.connection import read_only_uri
from desktop_app.system import datadir
from tests.core.conftest import SEED_FIXTURES

SEED = sorted(SEED_FIXTURES.glob("*.json"))[0]
# A user name and a folder as officials type them, with what a URI or a shell reads otherwise.
FOLDER = "Nguyễn Văn Ánh/Dữ liệu báo cáo #2 %20 & it's"


def test_a_database_on_a_network_share_is_opened_read_only_without_a_host_in_its_uri() -> None:
    """A roaming %APPDATA% (``\\\\may-chu\\…``) makes ``as_uri`` write ``file://may-chu/…``, which
    SQLite refuses («invalid uri authority») and the health check took for a damaged file. The
    URI keeps the server in its path: SQLite's error is then at most that the file is not there
    (this machine has no such server), never the authority."""
    network = PureWindowsPath(r"\\may-chu\chung\Nguyễn Văn Ánh\AppData\Roaming\SoanBaoCao\soanbaocao.db")
    uri = read_only_uri(network)
    assert uri == (
        "file:////may-chu/chung/Nguy%E1%BB%85n%20V%C4%83n%20%C3%81nh/AppData/Roaming/SoanBaoCao/soanbaocao.db"
        "?mode=ro"
    )
    with pytest.raises(sqlite3.OperationalError) as info:
        sqlite3.connect(uri, uri=True).execute("PRAGMA quick_check")
    assert "authority" not in str(info.value) and info.value.sqlite_errorcode & 0xFF == 14  # SQLITE_CANTOPEN


def test_a_uri_with_an_empty_host_opens_the_file_its_path_names(tmp_path: Path) -> None:
    """The same four-slash form on this machine («//tmp/…» is «/tmp/…» here) opens the real file."""
    path = tmp_path / "Nguyễn Văn Ánh" / "a #1 %20 & it's?.db"
    path.parent.mkdir()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    uri = read_only_uri(PurePosixPath("/" + str(path)))
    assert uri.startswith("file:////") and "%23" in uri and "%3F" in uri
    reader = sqlite3.connect(uri, uri=True)
    assert reader.execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]
    reader.close()


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_the_cli_keeps_backs_up_restores_and_moves_data_in_an_officials_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    form: Literal["NFC", "NFD"],
) -> None:
    home = tmp_path / unicodedata.normalize(form, FOLDER)
    monkeypatch.setenv(datadir.ENV_VAR, str(home))
    documents = tmp_path / unicodedata.normalize(form, "Documents/Báo cáo quý IV")
    documents.mkdir(parents=True)
    mailed = documents / unicodedata.normalize(form, "Báo cáo quý IV - xã Mỹ Hòa (bản sửa).json")
    mailed.write_bytes(SEED.read_bytes())
    assert main(["import", str(mailed)]) == 0
    assert main(["backup"]) == 0
    backup = Path(capsys.readouterr().out.strip().splitlines()[-1])
    assert backup.parent == home / "backups" and backup.is_file()
    assert main(["export", "1", "-o", str(documents / "xuất #1.json")]) == 0
    assert main(["export-all", str(documents / "tất cả & it's.zip")]) == 0
    assert main(["restore", str(backup)]) == 0
    assert main(["import-all", str(documents / "tất cả & it's.zip"), "--merge"]) == 0
    with Store.open(home / datadir.DB_NAME) as store:
        assert len(store.list_reports()) == 1
    assert sorted(p.name for p in documents.iterdir()) == sorted(
        [mailed.name, "xuất #1.json", "tất cả & it's.zip"]
    )
