"""Progress on a terminal: one line redrawn in place, ``[####......] 3/10 00:04<00:09 name``.

Drawn by tqdm, which measures Hangul and other wide characters as two cells, so a long Korean file
name is cut at the terminal's width instead of wrapping and breaking the redraw.
"""
from __future__ import annotations

import shutil
import sys

from tqdm import tqdm


class _Bar(tqdm):
    # No monitor thread: the batch process forks a fork server and handles Ctrl-C itself
    # (pipeline.batch.interrupts); a background thread of tqdm's would only get in the way.
    monitor_interval = 0


class ProgressBar:
    """A progress bar for a batch: call ``bar(done, total, name)`` after each file; :meth:`close`
    ends the line, so that what is printed next starts on a fresh one even when the batch stopped
    early."""

    FORMAT = "[{bar:%d}] {n_fmt}/{total_fmt} {elapsed}<{remaining} {desc}"

    def __init__(self, stream=None, width: int = 30, columns: int | None = None):
        self.stream = stream or sys.stderr
        self.width = width
        self.columns = columns          # None: the terminal's width, read again at each redraw
        self._bar: tqdm | None = None

    def __call__(self, done: int, total: int, name: str) -> None:
        if self._bar is None:
            self._bar = _Bar(total=total, file=self.stream, ascii=".#", mininterval=0,
                             bar_format=self.FORMAT % self.width)
        # The size is read at each redraw, as the stdlib reads it ($COLUMNS first): tqdm's own
        # reading takes a pseudo-terminal that never set a size for 0 x 0 and then draws nothing.
        size = shutil.get_terminal_size((80, 24))
        self._bar.ncols, self._bar.nrows = self.columns or size.columns, max(size.lines, 2)
        self._bar.set_description_str(name, refresh=False)
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        """End the bar's line (once)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def progress_bar(stream=None) -> ProgressBar:
    """A progress bar for a terminal (see :class:`ProgressBar`)."""
    return ProgressBar(stream)
