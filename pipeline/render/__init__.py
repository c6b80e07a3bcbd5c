"""Render: what people read, from stored records, through the Jinja templates in ``templates/``.

``brief`` (one release, Korean or English), ``comparison`` (targets side by side), ``diff`` (two
revisions), ``pair`` (a Korean release against its English version), ``site`` (all of it as static
pages) and ``schema`` (the JSON Schema of the ingest JSON, ``docs/ingest.schema.json``).
"""
