"""The document: the template context, rendering into the Nghị định 30 frame, the layout check,
the appendix forms in Word and Excel, and the names of the files produced.

Only :mod:`desktop_app.document.render` imports docxtpl.
"""
