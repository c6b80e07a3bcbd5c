"""roadmap-pipeline: Korean government S&T releases in, structured records and briefs out.

Stages, each a module named for what it produces, data flowing one way:
read (pages) -> structure (blocks, tables) -> analysis (sentences, morphemes)
-> figures / roadmap / targets / metadata (records) -> store -> brief / diff.
"""
__version__ = "0.1.0"
