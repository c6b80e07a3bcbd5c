"""Revision diff: what changed between two versions of a roadmap, record by record.

``documents`` compares two documents part by part (``diff_documents``); ``units`` aligns and compares
the units of text beneath; ``changes`` holds the :class:`~pipeline.diff.changes.Change` records it
reports. Rendering them is :mod:`pipeline.render.diff`.
"""
