"""The report model: kinds, answers, periods, figures, checks, expressions, prefill, session.

Nothing here knows how a report is stored or printed: storage and the document build on it.
"""
