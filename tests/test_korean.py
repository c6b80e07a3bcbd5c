"""The process's Kiwi: how it is set up, and sentences the same with or without its threads."""
from __future__ import annotations

import pytest

from pipeline import korean

TEXTS = ["인공지능 바이오 혁신 전략을 발표했다. 2030년까지 10배로 늘린다.",
         "□ 바이오 데이터를 확보한다",
         "과학기술정보통신부는 31일 로드맵을 공개했다. 이번 로드맵은 두 분야를 다룬다."]


def _sentences(split) -> list[list[tuple[str, str]]]:
    return [[(s.text, " ".join(f"{t.form}/{t.tag}" for t in s.tokens)) for s in sents] for sents in split]


def test_single_threaded_sentences_are_those_of_the_batch(monkeypatch):
    batch = _sentences(korean.split_sentences(TEXTS))
    monkeypatch.setattr(korean, "_KIWI_THREADS", 0)
    assert _sentences(korean.split_sentences(TEXTS)) == batch
    assert [len(s) for s in batch] == [2, 1, 2]


def test_kiwi_threads_cannot_change_once_it_is_loaded(monkeypatch):
    korean.kiwi()
    monkeypatch.setattr(korean, "_KIWI_THREADS", -1)
    with pytest.raises(RuntimeError, match="loaded already"):
        korean.single_threaded_kiwi()
