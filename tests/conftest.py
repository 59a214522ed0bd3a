"""Settings every test shares.

The tests' LibreOffice gets a profile folder of its own, so that a running app, a benchmark
or another test run on this machine never shares an instance with them (a second LibreOffice
on one profile hands its work to the first, and the tests would measure the wrong one).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

_PROFILE = Path(tempfile.mkdtemp(prefix="soanbaocao-test-lo-"))
os.environ["SOANBAOCAO_LO_PROFILE"] = str(_PROFILE)
# The data folder (own report kinds, the default database) of every test and the processes
# it starts: never the user's own. Tests that install kinds point it at their temp folder.
_HOME = Path(tempfile.mkdtemp(prefix="soanbaocao-test-home-"))
os.environ["SOANBAOCAO_HOME"] = str(_HOME)


def pytest_sessionfinish(session: object, exitstatus: int) -> None:
    from desktop_app.system.converters import stop_office

    stop_office()
    shutil.rmtree(_PROFILE, ignore_errors=True)
    shutil.rmtree(_HOME, ignore_errors=True)
