"""The warm start of local pool workers.

The process pool's fork server imports this module once (see :func:`pipeline.executors.
_pool_context`): it loads the readers, a single-threaded Kiwi and spaCy, and every worker forked
from it starts with them.
"""
from pipeline.executors import warm_worker

warm_worker()
