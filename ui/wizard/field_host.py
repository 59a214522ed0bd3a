"""What a field widget talks to, below both the field widgets and the table editor."""

from __future__ import annotations

from typing import Protocol

from desktop_app.report.session import EditResult, Session


class FieldHost(Protocol):
    """What a field widget talks to: the session, and the window around it."""

    session: Session

    def field_edited(self, field_id: str, result: EditResult) -> None:
        """Show (or clear) the refusal of an edit next to the field."""

    def field_left(self, field_id: str) -> None:
        """The official left the field: its problems may now be shown."""

    def notice(self, text: str) -> None:
        """Tell the official something without stopping them (status bar)."""
