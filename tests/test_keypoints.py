"""Key points: the lead paragraph and the top-level headlines of any release, with their pages,
kept in the JSON and the store and shown first in the Korean brief.

Two releases are drawn by ``tests/pdfs.py``: one in plain paragraphs (no bullet, no heading), as
most ministries write a news release, with an annex after its body; and one with □ paragraphs,
a ■ heading, sub-numbered items, a table of contents line and a part label."""
from __future__ import annotations

import json

import pytest

import pdfs
from pdfs import GOTHIC, GOTHIC_BOLD, MYEONGJO
from pipeline.ingest import ingest_file
from pipeline.records import KeyPoint, document_from_json
from pipeline.render.brief import render_brief, sentence_around
from pipeline.store.database import Store

RIGHT = 520


def _masthead(p, title: str, subtitle: str) -> None:
    p.text(60, 60, "기후에너지환경부", GOTHIC, 12)
    p.spaced(400, 66, "보도자료", gap=10, font=GOTHIC_BOLD, size=18)
    p.header_box(100, "2026. 4. 13.(월) 13:00", "2026. 4. 13.(월)", x=60, widths=(70, 170, 50, 170))
    p.text(60, 175, title, GOTHIC_BOLD, 20)
    p.text(80, 205, f"- {subtitle}", MYEONGJO, 13)


def draw_prose(p):
    _masthead(p, "재생원료 사용 확대 협약 체결", "업계와 재생원료 사용 확대 협약")
    y = 250
    y = p.paragraph(60, y, "기후에너지환경부는 4월 13일 업계와 재생원료 사용 확대를 위한 업무협약을|"
                           "체결한다고 밝혔다. 협약에는 5개 기관이 참여한다.", RIGHT)
    y = p.paragraph(60, y + 8, "이번 협약은 원료 공급이 원활하지 않은 상황에서 마련되었다. 재생원료가|"
                               "대안으로 떠올랐다.", RIGHT)
    y = p.paragraph(60, y + 8, "(단위 : 억원)", RIGHT)
    y = p.paragraph(60, y + 8, "기후에너지환경부는 설비 교체 비용으로 138억 원을 반영하는 등 지원에|"
                               "역량을 집중한다.", RIGHT)


def draw_annex(p):
    p.text(60, 80, "붙임 협약서 전문", GOTHIC_BOLD, 14)
    p.paragraph(60, 120, "협약 당사자는 재생원료 사용을 늘리기 위해 서로 협력하기로 약속한다.", RIGHT)


def draw_bullets(p):
    _masthead(p, "데이터 기본계획 수립", "공공데이터 개방 확대")
    y = 250
    y = p.paragraph(60, y, "□ 정부는 공공데이터 개방을 확대하는 기본계획을 수립하였다. 계획은|3년간 추진된다.",
                    420)
    y = p.paragraph(60, y + 8, "목 차", RIGHT, GOTHIC)
    y = p.paragraph(60, y + 8, "Ⅰ. 추진 배경 ························ 1", RIGHT, GOTHIC)
    y = p.paragraph(60, y + 8, "<요약본>", RIGHT, GOTHIC)
    y = p.paragraph(60, y + 8, "■ 고가치 데이터 개방", RIGHT, GOTHIC_BOLD, 13)
    y = p.paragraph(60, y + 4, "□ 인공지능 학습용 데이터를 매년 100건 이상 개방한다.", RIGHT)
    y = p.paragraph(72, y, "○ 기관별 개방 목표를 정한다.", RIGHT)
    y = p.paragraph(60, y + 8, "■ 품질 관리 강화", RIGHT, GOTHIC_BOLD, 13)
    y = p.paragraph(60, y + 4, "□ 데이터 품질 진단을 의무화한다.", RIGHT)


@pytest.fixture(scope="module")
def prose(tmp_path_factory):
    path = pdfs.build(tmp_path_factory.mktemp("kp") / "prose.pdf", [draw_prose, draw_annex])
    return ingest_file(path)


@pytest.fixture(scope="module")
def bullets(tmp_path_factory):
    path = pdfs.build(tmp_path_factory.mktemp("kp") / "bullets.pdf", [draw_bullets])
    return ingest_file(path)


def test_a_release_in_plain_paragraphs_has_its_first_paragraph_as_lead(prose):
    lead = prose.key_points[0]
    assert lead.kind == "lead" and lead.page == 1 and lead.bbox is not None
    assert lead.text.startswith("기후에너지환경부는 4월 13일") and lead.text.endswith("5개 기관이 참여한다.")


def test_each_further_paragraph_gives_its_first_sentence_until_the_annex(prose):
    headlines = [k.text for k in prose.key_points if k.kind == "headline"]
    assert headlines == ["이번 협약은 원료 공급이 원활하지 않은 상황에서 마련되었다.",
                         "기후에너지환경부는 설비 교체 비용으로 138억 원을 반영하는 등 지원에 역량을 집중한다."]
    assert all(k.page == 1 for k in prose.key_points)            # nothing from the annex on page 2


def test_headings_and_top_level_bullets_are_the_headlines_of_a_bulleted_release(bullets):
    points = [(k.kind, k.marker, k.text) for k in bullets.key_points]
    assert points[0] == ("lead", "□", "정부는 공공데이터 개방을 확대하는 기본계획을 수립하였다. 계획은 3년간 추진된다.")
    assert points[1:] == [("headline", "■", "고가치 데이터 개방"),
                          ("headline", "□", "인공지능 학습용 데이터를 매년 100건 이상 개방한다."),
                          ("headline", "■", "품질 관리 강화"),
                          ("headline", "□", "데이터 품질 진단을 의무화한다.")]


def test_key_points_survive_the_json_and_the_store(bullets, tmp_path):
    data = json.loads(json.dumps(bullets.to_json(), ensure_ascii=False))
    assert [k["kind"] for k in data["key_points"]] == ["lead"] + ["headline"] * 4
    assert document_from_json(data).key_points == bullets.key_points
    with Store(tmp_path / "kp.db") as store:
        store.save(bullets)
        assert store.get(bullets.info.id).key_points == bullets.key_points
        assert store.key_points(bullets.info.id) == list(bullets.key_points)
        assert all(isinstance(k, KeyPoint) for k in store.key_points(bullets.info.id))
        store.delete(bullets.info.id)                       # the rows go with their document
        assert store._conn.execute("SELECT count(*) FROM key_points").fetchone()[0] == 0


def test_the_korean_brief_of_a_general_release_opens_with_its_key_points(prose):
    brief = render_brief(prose, "ko", "md")
    assert brief.index("## 핵심 내용") < brief.index("## 기타 주요 수치")
    assert "**요지** ([1쪽](prose.pdf#page=1)): 기후에너지환경부는 4월 13일" in brief
    # no roadmap records: no empty roadmap sections saying 없음
    assert "## 핵심 목표" not in brief and "## 생태계 조성 방안" not in brief
    html = render_brief(prose, "ko", "html")
    assert '<section id="key-points">' in html and 'id="key-targets"' not in html


def test_every_figure_row_of_the_korean_brief_shows_its_sentence(prose):
    brief = render_brief(prose, "ko", "md")
    row = next(line for line in brief.splitlines() if line.startswith("| [138억 원]"))
    assert "설비 교체 비용으로 138억 원을 반영하는 등 지원에 역량을 집중한다." in row


def test_a_long_sentence_is_cut_around_its_figure():
    sentence = "가" * 300 + " 138억 원 " + "나" * 300
    cut = sentence_around(sentence, "138억 원", width=60)
    assert "138억 원" in cut and cut.startswith("…") and cut.endswith("…") and len(cut) <= 62
    assert sentence_around("짧은 문장 5개", "5개") == "짧은 문장 5개"


def test_a_paragraph_left_in_lines_is_one_key_point(shared_dir):
    """A real MSIT release whose paragraphs come out of the structure stage line by line."""
    path = shared_dir / "corpus-real" / "msit-2024-0422-cyber-drill.pdf"
    if not path.exists():
        pytest.skip(f"{path.name} is not in ../shared/corpus-real")
    points = ingest_file(path).key_points
    assert points[0].kind == "lead" and points[0].page == 1
    assert points[0].text.startswith("과학기술정보통신부(장관 이종호, 이하 ‘과기정통부’)는 오는 6월부터")
    assert points[0].text.endswith("사이버 모의침투 훈련을 실시한다.")
    assert points[1].text == ("2021년부터 실시한 사이버 모의침투 훈련은 실제 사이버 공격과 유사한 시나리오로 공격을 "
                              "수행하고 이를 통해 발견된 취약점을 확인 및 조치함으로써 각급기관의 위기대응 능력을 "
                              "점검하고 강화하기 위한 훈련이다.")


# --- the brief's summary on real releases ----------------------------------------------------------

SUMMARY_RELEASES = ("me-2026-recycled-bags.pdf", "mois-2026-0331-public-data-eval.pdf",
                    "motie-2026-supplementary-budget.pdf")


@pytest.mark.shared
@pytest.mark.parametrize("name", SUMMARY_RELEASES)
def test_the_summary_of_a_real_release_is_a_few_distinct_points_without_glyphs(name, shared_dir):
    from pipeline.extract.keypoints import summarise, word_overlap
    doc = ingest_file(shared_dir / "corpus-real" / name)
    chosen = summarise(doc.key_points, doc.blocks, doc.info.subtitles, tuple(t.text for t in doc.targets))
    points = [p.text for p in ((chosen.lead,) if chosen.lead else ()) + chosen.headlines]
    assert 1 <= len(points) <= 6
    assert not any(p[:1] in "□■❑◆◇○●▪•-※" for p in points)
    assert all(word_overlap(a, b) < 0.8 for i, a in enumerate(points) for b in points[i + 1:])
