"""Record the sha256 of each seed fixture's rendered Word file (tests/fixtures/seeds/rendered.sha256).

The test ``test_the_seeds_render_byte_identical`` compares against this record, so that a change
to a kind file, a template, the frame or the rendering code that alters a seed's document is a
decision made on purpose: look at the new documents (as PDF pages), then run this script and commit
the record with the change that explains it.

    python scripts/record_seed_renders.py
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
RECORD = SEEDS / "rendered.sha256"


def rendered_hashes() -> dict[str, str]:
    """Return the sha256 of each seed fixture's document, rendered as the app does."""
    sys.path.insert(0, str(ROOT))
    from desktop_app.document.render import render_report
    from desktop_app.report.answers import load_answer_file

    return {
        seed.stem: hashlib.sha256(render_report(load_answer_file(seed)).data).hexdigest()
        for seed in sorted(SEEDS.glob("*.json"))
    }


def read_record(path: Path = RECORD) -> dict[str, str]:
    """Return the recorded hashes (``<sha256>  <seed stem>`` per line, as sha256sum writes them)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split() for line in lines if line.strip())}


def main() -> int:
    hashes = rendered_hashes()
    RECORD.write_text("".join(f"{d}  {name}\n" for name, d in hashes.items()), encoding="utf-8")
    print(f"Đã ghi {len(hashes)} mã băm vào {RECORD.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
