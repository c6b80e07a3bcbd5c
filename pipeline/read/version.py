"""What a stored document was made by: the pipeline's version and the reader that parsed its pages.

A small module of its own, so that a batch can tell which stored documents are current without
loading the parsers.
"""
from __future__ import annotations

from pipeline.read.content import READERS

# Bump when a change of the pipeline changes its records: stored documents are then re-ingested.
PIPELINE_VERSION = "0.4.0"
DEFAULT_READER = READERS[0]


def pipeline_version(reader: str = DEFAULT_READER) -> str:
    """The version stored with a document read by ``reader``: another reader may read a page a
    little differently, so a document read by one is read again when the other is asked for."""
    return PIPELINE_VERSION if reader == DEFAULT_READER else f"{PIPELINE_VERSION}+{reader}"
