"""Analyse and extract: sentences and morphemes of the structure, then the records they state.

``analysis`` splits every text unit into sentences and tokens (Kiwi for Korean, spaCy for English);
``document`` runs the extractors over it: ``metadata``, ``roadmap`` (fields, focus technologies,
missions), ``targets`` and ``keypoints``; figures themselves are language knowledge
(:mod:`pipeline.korean.figures`).
"""
