"""The one small safe language of report kinds: Jinja expressions in a sandbox.

Computed figures, rules and show-if conditions are written as Jinja expressions, the
same language the DOCX templates use. They are compiled once when a kind file loads, so
a typo fails in CI rather than in front of an official. Nothing here runs Python code
from a kind file.

>>> expr = compile_expression("share(a, b)")
>>> expr.names
frozenset({'a', 'b'})
>>> expr.evaluate({"a": 1, "b": 4})
Decimal('25')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, meta, nodes
from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from desktop_app.vnformat import share


def _total(*values: Any) -> Any:
    """Sum the known values; None when none is known."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "share": share,
    "total": _total,
    "min": min,
    "max": max,
    "abs": abs,
    "len": len,
    "Decimal": Decimal,
}


class ExpressionError(ValueError):
    """An expression in a kind file cannot be compiled or evaluated."""


def environment() -> SandboxedEnvironment:
    """Return a sandboxed Jinja environment with the kind-file functions."""
    env = SandboxedEnvironment(undefined=StrictUndefined)
    env.globals.update(FUNCTIONS)
    return env


_ENV = environment()


@dataclass(frozen=True)
class Expression:
    """A compiled expression and the names it reads."""

    source: str
    names: frozenset[str]
    _fn: Callable[..., Any] = field(repr=False, compare=False)

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """Evaluate with ``values`` bound to the names (missing names are None)."""
        scope = {name: values.get(name) for name in self.names}
        try:
            return self._fn(**scope)
        except (TemplateError, TypeError, ArithmeticError, ValueError) as exc:
            raise ExpressionError(f"Không tính được biểu thức «{self.source}»: {exc}") from exc


def compile_expression(source: str) -> Expression:
    """Compile ``source`` into an :class:`Expression`, raising ExpressionError."""
    try:
        tree = _ENV.parse("{{ (" + source + ") }}")
        fn = _ENV.compile_expression(source, undefined_to_none=False)
    except TemplateSyntaxError as exc:
        raise ExpressionError(f"Biểu thức «{source}» viết sai: {exc.message}") from exc
    names = frozenset(meta.find_undeclared_variables(tree)) - FUNCTIONS.keys()
    _reject_attribute_access(tree, source)
    return Expression(source, names, fn)


def _reject_attribute_access(tree: nodes.Template, source: str) -> None:
    # Field values are plain numbers and strings; reaching into attributes is never
    # needed and is the usual door out of a sandbox.
    for node in tree.find_all((nodes.Getattr,)):
        raise ExpressionError(f"Biểu thức «{source}» không được dùng thuộc tính «.{node.attr}».")


def render_text(source: str, values: Mapping[str, Any]) -> str:
    """Render a short text template (rule messages, default texts) in the sandbox."""
    try:
        return _ENV.from_string(source).render(**values)
    except TemplateError as exc:
        raise ExpressionError(f"Không tạo được câu «{source}»: {exc}") from exc


def template_names(source: str) -> frozenset[str]:
    """Return the names a short text template reads."""
    try:
        tree = _ENV.parse(source)
    except TemplateSyntaxError as exc:
        raise ExpressionError(f"Mẫu câu «{source}» viết sai: {exc.message}") from exc
    return frozenset(meta.find_undeclared_variables(tree)) - FUNCTIONS.keys()
