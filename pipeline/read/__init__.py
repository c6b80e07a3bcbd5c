"""Read stage: a file in, its pages as positioned text lines and ruled tables out.

``source`` names and opens the input; ``pdf`` reads a PDF's text layer (``content`` gets each page's
characters and edges through PDFium or pdfminer, within the ``limits`` on time and memory); ``ocr``
reads pages that are only images; ``hwpx`` and ``hwp`` read Hancom's own formats into the same
objects; ``version`` records which reader made a document.
"""
