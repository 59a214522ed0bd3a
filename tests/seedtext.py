"""Compare a produced document's text with the seed document it reproduces.

The seeds' texts (``tests/fixtures/seeds/*.txt``) are copies of the five real documents the
fixtures reproduce, kept in the repository so that a fresh clone passes its own tests.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from pathlib import Path

from lxml import etree

SEEDS_DIR = Path(__file__).resolve().parent / "fixtures" / "seeds"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def seed_words(seed: Path) -> list[str]:
    """Return the seed's words without its markdown marks and footnote numbers."""
    lines = seed.read_text(encoding="utf-8").splitlines()
    # The seed keeps footnotes where its pages broke; a Word document lists them last.
    notes = [line for line in lines if re.match(r"\s*<sup>\d+</sup>", line)]
    text = "\n".join([line for line in lines if line not in notes] + notes)
    text = re.sub(r"<sup>\d+</sup>", " ", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"[#*|]+|^-{3,}$", " ", text, flags=re.M)
    return _words(text)


def docx_text(path: Path | bytes) -> str:
    """Return the text of a DOCX: body paragraphs (tables included) then footnotes."""
    source = path if isinstance(path, Path) else __import__("io").BytesIO(path)
    with zipfile.ZipFile(source) as z:
        parts = [z.read("word/document.xml")]
        if "word/footnotes.xml" in z.namelist():
            parts.append(z.read("word/footnotes.xml"))
    lines = []
    for xml in parts:
        root = etree.fromstring(xml)
        for p in root.iter(f"{W}p"):
            lines.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return "\n".join(lines)


def _words(text: str) -> list[str]:
    return re.findall(r"[\wÀ-ỹ./%,:;()–-]+", text.lower())


def similarity(seed: Path, document: Path | bytes) -> float:
    """Return how closely the document's words follow the seed's (0..1, in order)."""
    a = seed_words(seed)
    b = _words(docx_text(document))
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


if __name__ == "__main__":
    import sys

    print(f"{similarity(Path(sys.argv[1]), Path(sys.argv[2])):.3f}")
