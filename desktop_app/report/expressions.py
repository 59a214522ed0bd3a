"""The one small safe language of report kinds: Jinja expressions in a sandbox.

Computed figures, rules and show-if conditions are written as Jinja expressions, the
same language the DOCX templates use. They are parsed and checked when a kind file loads
(syntax, names, filters, no attribute access), so a typo fails in CI rather than in front of
an official; they are compiled into Python only when first evaluated, once per source text
(Jinja's code generation is most of the cost of loading a kind: the main window, which only
lists the kinds' titles, never pays it). Nothing here runs Python code from a kind file.

>>> expr = compile_expression("share(a, b)")
>>> expr.names
frozenset({'a', 'b'})
>>> expr.evaluate({"a": 1, "b": 4})
Decimal('25')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from desktop_app.vnformat import share

if TYPE_CHECKING:  # Jinja is imported when an expression is first read, not with this module
    from jinja2 import nodes
    from jinja2.sandbox import SandboxedEnvironment


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
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(undefined=StrictUndefined)
    env.globals.update(FUNCTIONS)
    return env


@cache
def _env() -> SandboxedEnvironment:
    return environment()


@dataclass(frozen=True)
class Expression:
    """An expression checked when its kind loaded, and the names it reads."""

    source: str
    names: frozenset[str]

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """Evaluate with ``values`` bound to the names (missing names are None)."""
        from jinja2.exceptions import TemplateError

        scope = {name: values.get(name) for name in self.names}
        try:
            return _compiled(self.source)(**scope)
        except (TemplateError, TypeError, ArithmeticError, ValueError) as exc:
            raise ExpressionError(f"Không tính được biểu thức «{self.source}»: {exc}") from exc


@cache
def _compiled(source: str) -> Callable[..., Any]:
    """Compile ``source`` into Python, once per text (a kind repeats its show-if conditions)."""
    fn: Callable[..., Any] = _env().compile_expression(source, undefined_to_none=False)
    return fn


def compile_expression(source: str) -> Expression:
    """Read and check ``source`` into an :class:`Expression`, raising ExpressionError.

    Everything Jinja would refuse when compiling is refused here, from the parsed text:
    syntax, filters or tests it does not have, and attribute access.
    """
    from jinja2 import TemplateSyntaxError, meta

    env = _env()
    try:
        tree = env.parse("{{ (" + source + ") }}")
        names = frozenset(meta.find_undeclared_variables(tree)) - FUNCTIONS.keys()
    except TemplateSyntaxError as exc:  # also unknown filters and tests (TemplateAssertionError)
        raise ExpressionError(f"Biểu thức «{source}» viết sai: {exc.message}") from exc
    _reject_attribute_access(tree, source)
    return Expression(source, names)


def _reject_attribute_access(tree: nodes.Template, source: str) -> None:
    from jinja2 import nodes

    # Field values are plain numbers and strings; reaching into attributes is never
    # needed and is the usual door out of a sandbox.
    for node in tree.find_all((nodes.Getattr,)):
        raise ExpressionError(f"Biểu thức «{source}» không được dùng thuộc tính «.{node.attr}».")


def render_text(source: str, values: Mapping[str, Any]) -> str:
    """Render a short text template (rule messages, default texts) in the sandbox."""
    from jinja2.exceptions import TemplateError

    try:
        text: str = _template(source).render(**values)
    except TemplateError as exc:
        raise ExpressionError(f"Không tạo được câu «{source}»: {exc}") from exc
    return text


@lru_cache(maxsize=512)
def _template(source: str) -> Any:
    """Compile a short text template once (the same rule message is met again and again)."""
    return _env().from_string(source)


def template_names(source: str) -> frozenset[str]:
    """Return the names a short text template reads."""
    from jinja2 import TemplateSyntaxError, meta

    try:
        names = meta.find_undeclared_variables(_env().parse(source))
    except TemplateSyntaxError as exc:
        raise ExpressionError(f"Mẫu câu «{source}» viết sai: {exc.message}") from exc
    return frozenset(names) - FUNCTIONS.keys()
