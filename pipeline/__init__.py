"""roadmap-pipeline: Korean government S&T releases in, structured records and briefs out.

Data flows one way through the stages, each a subpackage (``tests/test_architecture.py`` holds
the order and checks that no module imports a later stage's):

    records, errors, resources, files, markup    the typed records and what every stage shares
    korean/     language knowledge: typography, figures, glossary, romanisation
    read/       a file's pages: PDF (text layer or OCR), HWPX, HWP
    structure/  blocks in reading order, tables with their cells' items
    extract/    sentences and morphemes, then metadata, roadmap, targets and key points
    ingest      the stages above, a file in and a Document out
    store/      the SQLite store and series of revisions
    render/     briefs, comparison tables, revision diffs, KO/EN pairs, the static site
    batch/      many files into one store, in a pool of workers
    cli         the ``roadmap`` command, a thin layer over the library
"""
__version__ = "0.1.0"
