"""A bare docxtpl script: render a template with a JSON context (bench_render_process.py).

    python benchmarks/bare_docxtpl.py TEMPLATE.docx CONTEXT.json OUT.docx

What any docxtpl program pays as a whole process: Python, docxtpl (python-docx, lxml, Jinja),
opening the template, rendering, saving. Values written ``{"__xml__": "<w:p>…"}`` in the JSON
are paragraph XML that Jinja places as it is, as the app's own ``{{p … }}`` values are. The
one filter the kinds' templates use (``kem``, a unit after a number) is a one-line lambda here.
"""

import json
import sys

from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup


def revive(value):
    if isinstance(value, dict):
        if set(value) == {"__xml__"}:
            return Markup(value["__xml__"])
        return {k: revive(v) for k, v in value.items()}
    if isinstance(value, list):
        return [revive(v) for v in value]
    return value


template_path, context_path, out_path = sys.argv[1:4]
with open(context_path, encoding="utf-8") as f:
    context = revive(json.load(f))
template = DocxTemplate(template_path)
env = SandboxedEnvironment(autoescape=True)
env.filters["kem"] = lambda value, unit: f"{value} {unit}"
template.render(context, jinja_env=env, autoescape=True)
template.save(out_path)
