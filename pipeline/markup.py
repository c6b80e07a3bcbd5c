"""Text made safe for the formats the pipeline writes: link targets, Markdown text and CSV cells.

The values written come from the files read: a file named ``javascript:alert(1)<!--.pdf``, a
release whose text holds ``<script>`` or ``](javascript:...)``, a cell that starts with ``=``.
Every renderer passes them through here, so that none of them becomes live:

* :func:`safe_href` -- the only way an ``href`` is built: a relative path, each segment
  percent-encoded, so that no name can bring a scheme (``javascript:``), a host (``//``), a query
  or a fragment of its own, and ``#``, ``?``, ``%``, quotes and line breaks in names keep working.
* :func:`md_text` -- text inside Markdown: its marks escaped with backslashes, so that no HTML tag,
  autolink, link or image is made of it (a CommonMark renderer shows it as written).
* :func:`csv_cell` -- the OWASP rule against CSV (formula) injection: a text cell that starts with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so that a
  spreadsheet shows it as text instead of evaluating it. Numbers (``int``/``float`` values, e.g. a
  target of -5) are written as numbers: a number cannot carry a formula, and a spreadsheet must be
  able to sum them. Text that reads as a number (``"-5"``) is still prefixed, as OWASP advises;
  a one-character cell (the comparator ``=``) is not, since no formula fits in it.
"""
from __future__ import annotations

import re
from urllib.parse import quote

# Characters a URL path segment keeps as they are: RFC 3986 unreserved ones. Everything else,
# ':' included (a segment with a literal ':' could be read as a scheme), is percent-encoded.
_SEGMENT_SAFE = "-._~"
# What a fragment keeps: the unreserved characters and the '=' of '#page=3'.
_FRAGMENT_SAFE = "-._~="


def safe_href(path: str, fragment: str = "") -> str:
    """A relative URL for ``path`` (a ``/``-separated relative path, e.g. a file name as ingested
    or ``../briefs/x.ko.html``) and an optional ``fragment`` (``page=3``): every segment
    percent-encoded, ``.`` and ``..`` kept, so it can only lead to a file under the page's folder
    tree. A path that starts with ``/`` (which could make ``//host``) is made relative with ``./``."""
    segments = str(path).split("/")
    url = "/".join(s if s in (".", "..") else quote(s, safe=_SEGMENT_SAFE) for s in segments)
    if url.startswith("/"):
        url = "." + url
    if fragment:
        url += "#" + quote(str(fragment), safe=_FRAGMENT_SAFE)
    return url


# Markdown's marks: backslash, code, emphasis, strike-through, table pipes, tags and autolinks
# (< >), links and images ([ ]). Escaped, each shows as written.
_MD_MARKS = re.compile(r"([\\`*_~|<>\[\]])")
_LINE_BREAK = re.compile(r"\r\n?|[\n\v\f\x85\u2028\u2029]")


def md_text(text) -> str:
    """``text`` safe in a line of Markdown (a table cell, a list item, a heading): marks escaped,
    each line break made a space."""
    return _MD_MARKS.sub(r"\\\1", _LINE_BREAK.sub(" ", str(text or "")))


# What makes a spreadsheet read a cell as a formula (OWASP "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value ready for a CSV cell: text that a spreadsheet would take for a formula gets a
    leading ``'``; numbers, ``None``, other text and a lone character (no formula can be made of
    one: the ``=`` of a target's comparator stays ``=``) are left as they are."""
    if isinstance(value, str) and len(value) > 1 and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_row(row) -> list:
    """:func:`csv_cell` of every value of ``row``."""
    return [csv_cell(v) for v in row]
