"""Structure stage: read pages to blocks in reading order and tables with their cells' items.

``blocks`` finds the header table, title, subtitles, bulleted items, sections and attachments;
``wraps`` decides whether a wrapped line keeps a space where it broke.
"""
