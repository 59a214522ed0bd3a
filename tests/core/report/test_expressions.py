from decimal import Decimal

import pytest

from desktop_app.report.expressions import ExpressionError, compile_expression, render_text


def test_names_and_evaluation() -> None:
    expr = compile_expression("a + b == c and cap == 'xa'")
    assert expr.names == {"a", "b", "c", "cap"}
    assert expr.evaluate({"a": 1, "b": 2, "c": 3, "cap": "xa"}) is True


def test_share_is_decimal_percent() -> None:
    assert compile_expression("share(x, y)").evaluate({"x": 15561, "y": 22278}).quantize(
        Decimal("0.01")
    ) == Decimal("69.85")


@pytest.mark.parametrize(
    "source",
    ["a.__class__", "a.__class__.__mro__", "().__class__.__base__.__subclasses__()", "x.attr"],
)
def test_attribute_access_is_refused(source: str) -> None:
    with pytest.raises(ExpressionError, match="thuộc tính"):
        compile_expression(source)


def test_syntax_error_is_vietnamese() -> None:
    with pytest.raises(ExpressionError, match="viết sai"):
        compile_expression("a + ")


def test_evaluation_error_names_the_expression() -> None:
    with pytest.raises(ExpressionError, match="a / b"):
        compile_expression("a / b").evaluate({"a": 1, "b": 0})


def test_render_text_sandboxed() -> None:
    assert render_text("{{ a }} và {{ b }}", {"a": "03", "b": "<x>"}) == "03 và <x>"
    with pytest.raises(ExpressionError):
        render_text("{{ a.__class__.__mro__ }}", {"a": 1})


def test_unknown_filter_is_refused_when_read() -> None:
    with pytest.raises(ExpressionError, match="viết sai"):
        compile_expression("x | khong_co")


def test_reading_compiles_nothing_and_evaluating_compiles_once() -> None:
    from desktop_app.report import expressions

    expressions._compiled.cache_clear()
    first = compile_expression("hs_a + hs_b")
    second = compile_expression("hs_a + hs_b")
    assert expressions._compiled.cache_info().currsize == 0
    assert first.evaluate({"hs_a": 1, "hs_b": 2}) == second.evaluate({"hs_a": 3, "hs_b": 0}) == 3
    assert expressions._compiled.cache_info().currsize == 1
