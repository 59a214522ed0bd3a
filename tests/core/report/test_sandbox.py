"""The sandbox bounds what a template or kind expression may cost, with a Vietnamese message."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from desktop_app.document.render import RenderError, render_report, render_template
from desktop_app.report.answers import load_answer_file
from desktop_app.report.expressions import ExpressionError, compile_expression, render_text
from desktop_app.report.kinds import load_kind
from desktop_app.report.sandbox import BoundedSandbox, RenderTimeout, SandboxLimitError, deadline
from tests.core.conftest import SEED_FIXTURES
from tests.core.kindkit import add_paragraph


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("{{ range(10001) | length }}", "range() quá lớn"),
        ("{{ 'a' * 1000000000 }}", "phép lặp chuỗi"),
        ("{{ [0] * 100000 }}", "phép lặp chuỗi"),
        ("{{ lipsum(1000000) }}", "lipsum() quá lớn"),
        ("{{ lipsum(2, min=10000000) }}", "lipsum() quá lớn"),
        ("{{ 'x' | center(1000000000) }}", "center"),
        ("{{ 'x\\ny' | indent(100000000) }}", "indent"),
        ("{{ '%0999999999d' % 1 }}", "chuỗi định dạng"),
        ("{{ '{:>999999999}'.format(1) }}", "chuỗi định dạng"),
        ("{{ 'a'.ljust(1000000000) }}", "ljust"),
        ("{{ 7 ** 100000 }}", "Lũy thừa"),
        ("{{ 'ab' | replace('a', 'a' * 99) | replace('a', 'a' * 99) | replace('a', 'a' * 99) }}", "replace"),
    ],
)
def test_costly_requests_are_refused_with_a_message(source: str, words: str) -> None:
    started = time.monotonic()
    with pytest.raises(SandboxLimitError, match=re.escape(words)):
        BoundedSandbox().from_string(source).render()
    assert time.monotonic() - started < 5  # refused before doing the work (a sanity bound, not a benchmark)


def test_ordinary_templates_still_work() -> None:
    env = BoundedSandbox()
    assert env.from_string("{{ range(10000) | length }} {{ '-' * 20 }} {{ 2 ** 10 }}").render() == (
        "10000 -------------------- 1024"
    )
    assert env.from_string("{{ '%05.1f' % 3.14159 }} {{ 'x' | center(5) }}").render() == "003.1   x  "


def test_kind_expressions_get_the_same_bounds() -> None:
    with pytest.raises(ExpressionError, match="range\\(\\) quá lớn"):
        compile_expression("range(n) | length").evaluate({"n": 10**9})
    with pytest.raises(ExpressionError, match="phép lặp"):
        render_text("{{ 'x' * n }}", {"n": 10**9})


def test_a_loop_without_end_stops_at_the_deadline() -> None:
    env = BoundedSandbox()
    loop = env.from_string("{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}")
    with pytest.raises(RenderTimeout, match=re.escape("quá 0.5 giây")), deadline(0.5):
        loop.render()
    # A loop over data, with nothing the sandbox sees inside: the watchdog stops it.
    data = env.from_string(
        "{% for a in x %}{% for b in x %}{% for c in x %}{% endfor %}{% endfor %}{% endfor %}"
    )
    with pytest.raises(RenderTimeout), deadline(0.3):
        data.render(x=list(range(3000)))
    assert loop.environment.from_string("{{ 1 + 1 }}").render() == "2"  # the thread goes on


def test_rendering_stops_after_the_time_limit_with_a_clear_error(tmp_path: Path) -> None:
    kind = load_kind("ke_hoach_kstthc")
    files = add_paragraph(
        {"k.docx": kind.template_path.read_bytes()},
        "{% for a in range(10000) %}{% for b in range(10000) %}{{ a }}{% endfor %}{% endfor %}",
    )
    body = tmp_path / "k.docx"
    body.write_bytes(files["k.docx"])
    context = render_report(load_answer_file(SEED_FIXTURES / "004_dbb53274ea895b03.json")).context
    with pytest.raises(RenderError, match=re.escape("quá 0.5 giây nên bị dừng")):
        render_template(body, context, seconds=0.5)


def test_a_templates_globals_are_the_environments_and_its_own_without_touching_them() -> None:
    env = BoundedSandbox()
    env.globals["don_vi"] = "Sở Tư pháp"
    own = env.from_string("{{ don_vi }} – {{ ky }} – {{ range(2) | list }}", globals={"ky": "quý I"})
    assert own.render() == "Sở Tư pháp – quý I – [0, 1]"
    assert "ky" not in env.globals
    assert env.from_string("{{ ky is defined }}").render() == "False"
    with pytest.raises(SandboxLimitError):  # the bounded range reaches every template
        own.environment.from_string("{{ range(10**9) | length }}").render()
