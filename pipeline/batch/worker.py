"""The warm start of local pool workers.

The process pool's fork server imports this module once (see :func:`pipeline.batch.executors.
_pool_context`): it loads the readers, a single-threaded Kiwi and spaCy, and every worker forked
from it starts with them. Import it nowhere else: it makes the importing process ignore Ctrl-C.
"""
from pipeline.batch import interrupts

# First: the server was started with SIGINT blocked; from here on it ignores it, and so does every
# worker it forks (they keep the server's disposition), from their first instruction.
interrupts.ignore_sigint()
interrupts.phase("warm-up")

from pipeline.batch.executors import warm_worker  # noqa: E402  (after the line above, on purpose)

warm_worker()
interrupts.phase("warm")
