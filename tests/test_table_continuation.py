"""A table that runs on to the next page is one table (issue: read and structure)."""
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from pipeline.read.pdf import read_pdf
from pipeline.structure.blocks import build_structure

FONT = "HYSMyeongJo-Medium"


def _table(c, top, rows, widths=(120, 300), x0=72, height=24):
    """Draw a ruled table with its top edge at ``top`` (PDF y, from the bottom)."""
    y = top
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    for row in rows:
        for x, text in zip(xs, row):
            c.drawString(x + 4, y - 16, text)
        c.line(xs[0], y, xs[-1], y)
        y -= height
    c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, top, x, y)


def _two_page_table(path, header_again: bool, split_row: bool):
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    c = canvas.Canvas(str(path))
    c.setFont(FONT, 11)
    c.drawString(72, 780, "□ 사업별 예산 현황은 다음과 같다.")
    _table(c, 120, [["구분", "내용"], ["가 사업", "연구개발 지원"], ["나 사업", "인력 양성"]])
    c.showPage()
    c.setFont(FONT, 11)
    rows = ([["구분", "내용"]] if header_again else []) + (
        [["", "및 기반 구축"]] if split_row else []) + [["다 사업", "국제 협력"]]
    _table(c, 800, rows)
    c.save()


def _structure(path):
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        return build_structure(read_pdf(pdf, path))


def test_a_table_running_on_to_the_next_page_is_one_table(tmp_path):
    path = tmp_path / "t.pdf"
    _two_page_table(path, header_again=False, split_row=False)
    tables = _structure(path).tables
    assert len(tables) == 1
    assert tables[0].rows() == [["구분", "내용"], ["가 사업", "연구개발 지원"], ["나 사업", "인력 양성"],
                                ["다 사업", "국제 협력"]]


def test_a_repeated_header_row_is_dropped_and_a_split_row_is_finished(tmp_path):
    path = tmp_path / "t.pdf"
    _two_page_table(path, header_again=True, split_row=True)
    rows = _structure(path).tables[0].rows()
    assert rows[0] == ["구분", "내용"]
    assert rows[2] == ["나 사업", "인력 양성 및 기반 구축"]
    assert rows[3] == ["다 사업", "국제 협력"]
    assert len(rows) == 4
