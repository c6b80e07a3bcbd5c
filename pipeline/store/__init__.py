"""The store: every ingested document kept whole in SQLite (``database``), and revisions grouped
into series (``series``). Its tables and views are described in ``docs/store.md``.
"""
