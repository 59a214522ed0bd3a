"""The same contract for every report kind: kind file, template and fixture agree.

Adding a kind means adding a kind file, a template and a fixture; these tests then cover it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.document.layout import check_layout
from desktop_app.document.render import render_report, template_attributes, template_variables
from desktop_app.report.answers import load_answer_file
from desktop_app.report.checks import check
from desktop_app.report.kinds import CONTEXT_NAMES, RESERVED_NAMES, kind_ids, load_kind
from tests.core.conftest import SEED_FIXTURES

# Names Jinja itself provides inside templates.
JINJA_NAMES = {"loop", "range", "true", "false", "none"}


def fixtures_of(kind_id: str) -> list[Path]:
    return [
        p for p in sorted(SEED_FIXTURES.glob("*.json")) if json.loads(p.read_text("utf-8"))["kind"] == kind_id
    ]


@pytest.mark.parametrize("kind_id", kind_ids())
def test_template_exists(kind_id: str) -> None:
    assert load_kind(kind_id).template_path.is_file()


@pytest.mark.parametrize("kind_id", kind_ids())
def test_template_variables_are_kind_ids(kind_id: str) -> None:
    kind = load_kind(kind_id)
    ids = {f.id for f in kind.fields()}
    allowed = ids | RESERVED_NAMES | JINJA_NAMES
    assert template_variables(kind.template_path) - allowed == set()


@pytest.mark.parametrize("kind_id", kind_ids())
def test_template_attributes_name_real_sections_and_fields(kind_id: str) -> None:
    kind = load_kind(kind_id)
    sections = {s.id for s in kind.sections}
    fields = {f.id for f in kind.fields()}
    assert template_attributes(kind.template_path, "muc") - sections == set()
    assert template_attributes(kind.template_path, "show") - sections - fields == set()
    for name in ("raw", "prev", "so_sanh", "cung_ky", "so_sanh_cung_ky"):
        assert template_attributes(kind.template_path, name) - fields == set()


@pytest.mark.parametrize("kind_id", kind_ids())
def test_every_kind_has_a_seed_fixture(kind_id: str) -> None:
    assert fixtures_of(kind_id), f"no fixture in tests/fixtures/seeds for {kind_id}"


@pytest.mark.parametrize("fixture", sorted(SEED_FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_fixture_renders_and_passes_the_layout_check(tmp_path: Path, fixture: Path) -> None:
    report = load_answer_file(fixture)
    check(report)  # must not raise, whatever it finds
    out = tmp_path / "out.docx"
    render_report(report, out)
    assert check_layout(out) == []


def test_context_names_are_reserved() -> None:
    assert CONTEXT_NAMES <= RESERVED_NAMES
