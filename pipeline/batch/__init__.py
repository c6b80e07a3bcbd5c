"""Batches: many files into one store (``runner``), read in this process or a pool of workers
(``executors``, ``worker``), with Ctrl-C decided by the batch process alone (``interrupts``).
"""
