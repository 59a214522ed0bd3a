"""The outside world: the data folder, shipped files, safe file writes, PDF pages, and the
programs the app starts (LibreOffice, Word, the system's file opener)."""
