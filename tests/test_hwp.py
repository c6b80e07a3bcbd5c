"""The HWP 5 reader, and Hangul documents of ../shared/corpus-real end to end: each ingests with
its title (and a named reason when it is not a release), the HWP and HWPX saves of one release
read alike, and the navy purchase-spec revision pair diffs to its real changes."""
from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import pytest

import hangul
from conftest import SHARED
from hangul import record
from pipeline import errors
from pipeline.read import hwp
from pipeline.read.hwpx import HP
from pipeline.read.limits import INFLATE_FLOOR_MB, InflateBudget

CORPUS_REAL = SHARED / "corpus-real"
needs_corpus = pytest.mark.skipif(not CORPUS_REAL.is_dir(), reason="../shared/corpus-real is absent")


def test_records_are_read_with_their_levels_and_long_sizes():
    data = record(hwp.TAG_PARA_HEADER, 0, b"x" * 12) + record(hwp.TAG_PARA_TEXT, 1, b"y" * 5000)
    recs = hwp._records(data)
    assert [(r.tag, r.level, len(r.data)) for r in recs] == [(hwp.TAG_PARA_HEADER, 0, 12), (hwp.TAG_PARA_TEXT, 1, 5000)]
    roots = hwp._nest(recs)
    assert len(roots) == 1 and roots[0].children[0].tag == hwp.TAG_PARA_TEXT


def test_paragraph_text_skips_controls_and_cuts_runs_at_shape_changes():
    # '가나' + a tab (inline control, 8 WCHARs) + '다' in shape 1 + a paragraph end.
    chars = [0xAC00, 0xB098, 9, 0, 0, 0, 0, 0, 0, 9, 0xB2E4, 13]
    text = struct.pack(f"<{len(chars)}H", *chars)
    p = ET.Element(HP + "p")
    hwp._fill_runs(p, text, [(0, 0), (10, 1)], [])
    runs = [(r.get("charPrIDRef"), "".join(t.text for t in r.iter(HP + "t"))) for r in p.iter(HP + "run")]
    assert runs == [("0", "가나 "), ("1", "다")]


def test_an_hwp5_file_made_here_reads_its_paragraphs(tmp_path):
    path = hangul.hwp_document(tmp_path / "made.hwp", ["과학기술정보통신부 보도자료", "인공지능 예산 50% 확대"])
    doc = hwp.read_hwp(path, "0" * 64)
    assert [l.text for page in doc.pages for l in page.lines] == ["과학기술정보통신부 보도자료", "인공지능 예산 50% 확대"]
    assert [l.ref for page in doc.pages for l in page.lines] == ["s1/p0", "s1/p1"]


@pytest.mark.parametrize("stream", ["BodyText/Section0", "DocInfo"])
def test_an_hwp5_stream_that_inflates_a_thousandfold_is_refused_as_a_zip_bomb(tmp_path, stream):
    path = hangul.hwp_bomb(tmp_path / "bomb.hwp", 64, stream=stream)         # 64 MB from 70 KB
    with pytest.raises(errors.DecompressionBombError) as caught:
        hwp.read_hwp(path, "0" * 64)
    err = caught.value
    assert err.code == "zip_bomb" and err.part == stream and err.how == "at least"
    assert str(err).startswith(f"bomb.hwp: HWP document inflates to more than ") and "\n" not in str(err)
    assert f"(at part {stream}), more than 100 times its " in str(err) and "(zip_bomb)" in str(err)


def test_an_hwp5_document_within_its_size_ratio_but_over_page_memory_is_too_large(tmp_path):
    text = hangul.random_text(5 * 2**20)        # 10 MB of UTF-16 from a file of about 5 MB
    body = b"".join(hangul.paragraph(text[i:i + 2000]) for i in range(0, len(text), 2000))
    path = hangul.hwp_file(tmp_path / "big.hwp", hangul.deflate(b""), [hangul.deflate(body)])
    with pytest.raises(errors.DecompressionBombError) as caught:
        hwp.read_hwp(path, "0" * 64, page_memory=100)       # at most the floor, 8 MB
    err = caught.value
    assert err.code == "too_large" and err.how == "exact" and err.limit == INFLATE_FLOOR_MB * 2**20
    assert "--page-memory 100 MB" in str(err) and "raise --page-memory" in str(err)
    assert InflateBudget(path, "HWP", page_memory=4096).limit > err.size    # room with more memory


def test_a_truncated_hwp5_stream_is_damaged(tmp_path):
    body = hangul.deflate(hangul.paragraph(hangul.random_text(20000)))     # well over 4096 bytes
    path = hangul.hwp_file(tmp_path / "cut.hwp", hangul.deflate(b""), [body[: len(body) // 2]])
    with pytest.raises(errors.CorruptHwpError, match="truncated"):
        hwp.read_hwp(path, "0" * 64)


@needs_corpus
@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("name, title, kind", [
    ("moef-2024q1-fdi.hwp", "‘24년 1분기 해외직접투자는 150.9억 달러로 전년동기비 14.6% 감소", "보도자료"),
    ("mois-2019-digital-gov-innovation-plan.hwp", "디지털 정부혁신 추진계획", ""),
    ("motie-2025-1122-manufacturing-ax.hwp", "제조AX (M.AX) 추진방향(안)", ""),
    ("motie-2026-supplementary-budget.hwpx", "산업부 ‘26년 제1회 추가경정예산안 1조 980억원 확정", "보도참고자료"),
])
def test_hwp5_documents_ingest_with_their_title(name, title, kind):
    from pipeline.ingest import ingest_file
    from pipeline.read import source
    assert source.input_kind(CORPUS_REAL / name) == "hwp"       # the .hwpx one too: sniffed
    doc = ingest_file(CORPUS_REAL / name)
    assert doc.info.title == title and doc.info.kind == kind
    assert doc.info.producer.startswith("HWP 5.")


@needs_corpus
@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("stem", ["moef-2024q1-fdi", "motie-2025-1122-manufacturing-ax"])
def test_hwp_and_hwpx_saves_of_one_document_read_alike(stem):
    from pipeline.ingest import ingest_file
    a, b = ingest_file(CORPUS_REAL / f"{stem}.hwp"), ingest_file(CORPUS_REAL / f"{stem}.hwpx")
    assert a.info.title == b.info.title and a.info.release_at == b.info.release_at
    assert [x.text for x in a.blocks] == [x.text for x in b.blocks]
    assert [(f.value, f.unit) for f in a.figures] == [(f.value, f.unit) for f in b.figures]


# What changed from the 2025 to the 2026 purchase spec, read from the two documents side by side:
# (words of the old side, words of the new side); None for an addition or removal.
NAVY_CHANGES = [
    ("MPKPJU25A00002", "MPKPJU26A00001"),            # procurement number
    ("2025. 8.", "2025. 12."),                        # date written
    ("61전대 615대대", "65전대 651대대"),               # unit writing the spec
    ("’25~’26", "’26~’27"),                           # years of the purchase
    ("8시간 이내", "1일(8시간)"),                       # training time
    ("180일 이내", "300일 이내"),                       # delivery time
    ("1,500", "1,600"),                               # jack weight (LBS)
    ("30 TON(60,000 lbs)-35 TON(70,000 lbs)", "30 Ton 이상"),   # rated capacity
    ("2", "제주(1), 포항(2)"),                          # jacks bought: 2 -> 3 (Jeju 1, Pohang 2)
    ("MIL-PRF-5606", "MIL-PRF-5606"),                 # hydraulic oil: 2 -> 3 cans
    ("2대", "1대"),                                    # Jeju supply unit's share
    ("ICAO Annex 6", None),                           # reference dropped
    (None, "NAVAIR 19-70-46"),                        # references added
    (None, "NAVAIR 19-70-521"),
    (None, "흐름 차단 장치"),                            # new safety requirement 3.2.9
    (None, "UNLOCK 상태로 1시간"),                        # new load test 3.2.3
    ("국토교통부 GSE 승인 인증서", None),                  # certificate no longer asked for
]


@needs_corpus
@pytest.mark.shared
@pytest.mark.slow
def test_navy_purchase_spec_revision_diffs_to_its_real_changes():
    from pipeline.ingest import ingest_file
    from pipeline.diff.documents import diff_documents
    old = ingest_file(CORPUS_REAL / "navy-2025-purchase-spec-hydraulic-jack.hwpx")
    new = ingest_file(CORPUS_REAL / "navy-2026-purchase-spec-hydraulic-jack.hwpx")
    assert old.info.kind == new.info.kind == "구매요구서"
    assert any(w.code == "not_a_release" for w in old.info.warnings)
    changes = diff_documents(old, new)

    def found(before, after) -> bool:
        for c in changes:
            o = (c.old.text + " " + c.old.context) if c.old else ""
            n = (c.new.text + " " + c.new.context) if c.new else ""
            if (before is None) != (c.old is None) and before is None:
                continue
            if (before is None or before in o) and (after is None or after in n) and (before or after):
                if before is None and c.kind != "added" or after is None and c.kind != "removed":
                    continue
                return True
        return False
    missing = [pair for pair in NAVY_CHANGES if not found(*pair)]
    assert not missing, missing
    assert not any(c.item == "metadata" and c.where == "title" for c in changes)


class _FakeOle:
    """An OLE file holding only a FileHeader stream (olefile cannot write compound files)."""

    def __init__(self, flags: int):
        self.header = b"HWP Document File".ljust(32, b"\0") + struct.pack("<II", 0x05010100, flags)

    def __call__(self, *args, **kwargs):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def openstream(self, name):
        import io
        return io.BytesIO(self.header)


@pytest.mark.parametrize("flags, words", [(0x2, "password-protected"), (0x4, "distribution-locked (배포용)")])
def test_locked_hwp_is_a_named_reason(monkeypatch, tmp_path, flags, words):
    import olefile
    from pipeline import errors
    monkeypatch.setattr(olefile, "OleFileIO", _FakeOle(flags))
    with pytest.raises(errors.EncryptedHwpError) as info:
        hwp.read_hwp(tmp_path / "locked.hwp", "0" * 64)
    text = str(info.value)
    assert text.startswith("locked.hwp: Hangul document") and words in text and "\n" not in text
