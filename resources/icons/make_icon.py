"""Draw the app icon (a document with a red band and a gold star) into PNG and ICO files.

Run from the project root: ``QT_QPA_PLATFORM=offscreen python resources/icons/make_icon.py``.
Drawn with Qt's painter at every size, so no third-party art is involved; the ICO holds
PNG-compressed images (16 to 256 px), which every Windows since Vista reads.
"""

from __future__ import annotations

import math
import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen, QPolygonF

HERE = Path(__file__).resolve().parent
NAME = "soanbaocao"
SIZES = (16, 24, 32, 48, 64, 128, 256)
RED = QColor("#da251d")  # the red of the national flag
GOLD = QColor("#ffcd00")
PAPER = QColor("#ffffff")
EDGE = QColor("#5b6573")
INK = QColor("#9aa3ad")


def star(cx: float, cy: float, radius: float) -> QPolygonF:
    """Return a five-pointed star centred on (cx, cy), one point up."""
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.382
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(QPointF(cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return QPolygonF(points)


def page_path(s: float) -> QPainterPath:
    """Return the sheet of paper with its top-right corner folded."""
    left, top, right, bottom, fold = 0.16 * s, 0.06 * s, 0.84 * s, 0.94 * s, 0.2 * s
    path = QPainterPath()
    path.moveTo(left, top)
    path.lineTo(right - fold, top)
    path.lineTo(right, top + fold)
    path.lineTo(right, bottom)
    path.lineTo(left, bottom)
    path.closeSubpath()
    return path


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    s = float(size)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(EDGE, max(1.0, s / 40)))
    painter.setBrush(PAPER)
    painter.drawPath(page_path(s))
    painter.setPen(Qt.PenStyle.NoPen)
    band = QRectF(0.16 * s, 0.30 * s, 0.68 * s, 0.30 * s)
    painter.setBrush(RED)
    painter.drawRect(band)
    painter.setBrush(GOLD)
    painter.drawPolygon(star(band.center().x(), band.center().y() + 0.01 * s, 0.13 * s))
    if size >= 32:  # text lines only where they can be told apart
        painter.setBrush(INK)
        for y in (0.68, 0.76, 0.84):
            width = 0.52 if y < 0.8 else 0.34
            painter.drawRect(QRectF(0.24 * s, y * s, width * s, max(1.0, 0.035 * s)))
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """Pack PNG images into one ICO file (header, directory, then the PNGs)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    directory, blobs = b"", b""
    for size, blob in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + directory + blobs


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication(sys.argv[:1])
    images = {size: png_bytes(draw(size)) for size in SIZES}
    for size in (16, 32, 48, 256):
        (HERE / f"{NAME}-{size}.png").write_bytes(images[size])
    (HERE / f"{NAME}.ico").write_bytes(ico_bytes(images))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
