"""Soạn Báo Cáo: the Qt-free core (report kinds, periods, figures, rules, storage, rendering)."""

APP_NAME = "Soạn Báo Cáo"
APP_ID = "soanbaocao"
__version__ = "0.1.0"
