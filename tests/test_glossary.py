"""The glossary renders exactly what it knows in English, keeps the rest in Korean and says so."""
from __future__ import annotations

import pytest

from pipeline.korean import glossary as gl
from pipeline.korean.english import date_en, number_en, ordinal_en, person_en, place_en
from pipeline.korean.lexicon import MAX_MORPHEMES, gerund, glossary, morpheme_forms, participle
from pipeline.korean.pieces import MAX_SPAN


# --- the data file -------------------------------------------------------------------------------

def test_every_entry_is_a_term_of_at_most_four_morphemes():
    # a public body's full name may be longer: it is found on its surface, up to MAX_SPAN morphemes
    names = glossary().section("names")
    long = {key: forms for key, forms in ((k, morpheme_forms(k)) for k in glossary().entries)
            if len(forms) > (MAX_SPAN if key in names else MAX_MORPHEMES)}
    assert not long


def test_no_two_entries_are_found_by_the_same_morphemes():
    clashes = []
    for options in glossary().index.values():
        seen = {}
        for forms, entry in options:
            if forms in seen and seen[forms] != entry.key:
                clashes.append((forms, seen[forms], entry.key))
            seen.setdefault(forms, entry.key)
    assert not clashes


def test_entries_are_not_phrases_of_a_sentence():
    # a term marks no object or subject: it is no phrase copied from a release
    from pipeline import korean
    phrases = [key for key in glossary().entries
               if any(t.tag in ("JKO", "JKS") for t in korean.kiwi().tokenize(key))]
    assert not phrases


def test_the_twelve_national_strategic_technologies_are_covered():
    fields = ["반도체", "디스플레이", "이차전지", "첨단 모빌리티", "차세대 원자력", "첨단 바이오", "우주항공", "해양",
              "수소", "사이버보안", "인공지능", "차세대 통신", "첨단로봇", "제조", "양자"]
    for name in fields:
        assert gl.gloss(name, noun_phrase=True).complete, name


# --- numbers, units, comparators, dates ------------------------------------------------------------

@pytest.mark.parametrize("text, english", [
    ("50% 이상 절감", "reduce by at least 50%"),
    ("100만명 이상", "at least 1 million people"),
    ("’30년까지", "by 2030"),
    ("최대 10배", "up to 10x"),
    ("100일 내", "within 100 days"),
    ("1조 2천억원", "KRW 1.2 trillion"),
    ("3,000억원 투자", "invest KRW 300 billion"),
])
def test_figures_come_out_in_english_words_order(text, english):
    assert gl.gloss(text).text.lower() == english.lower()


@pytest.mark.parametrize("value, text", [
    (1000000, "1 million"), (1200000000000, "1.2 trillion"), (300000000000, "300 billion"),
    (12345, "12,345"), (2.5, "2.5"), (50, "50"),
])
def test_numbers_are_written_with_english_scale_words(value, text):
    assert number_en(value) == text


@pytest.mark.parametrize("iso, text", [
    ("2023-10-31T10:00", "October 31, 2023, 10:00"), ("2023-10-31", "October 31, 2023"),
    ("10-31", "October 31"), ("2023-10", "October 2023"), ("--08", "August"),
])
def test_dates_are_written_the_english_way(iso, text):
    assert date_en(iso) == text


def test_ordinals_take_their_english_suffix():
    assert [ordinal_en(n) for n in (1, 2, 3, 4, 11, 21)] == ["1st", "2nd", "3rd", "4th", "11th", "21st"]


# --- names ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, english", [
    ("박상민", "Park Sang-min"), ("노명종", "Noh Myeong-jong"), ("이종호", "Lee Jong-ho"), ("김철수", "Kim Cheol-su"),
])
def test_people_are_romanized_with_their_usual_surname(name, english):
    assert person_en(name) == english


def test_ministries_have_their_official_english_name():
    assert gl.name_en("과학기술정보통신부").text == "Ministry of Science and ICT"


def test_a_department_is_its_glossed_stem_and_its_unit_word():
    assert gl.name_en("성장동력기획과").text == "Growth Engine Planning Division"
    assert gl.name_en("과학기술정책국").text == "Science and Technology Policy Bureau"


# --- phrases -------------------------------------------------------------------------------------

def test_a_clause_final_verbal_noun_leads_the_english_clause():
    assert gl.gloss("차세대 원천기술 확보").text == "secure next-generation original technologies"


def test_an_adnominal_clause_follows_its_head():
    assert gl.gloss("학습을 지원하는 클라우드 기술 고도화").text == "advance cloud technology supporting training"


def test_a_genitive_becomes_of():
    assert gl.gloss("유전물질의 전달기술", noun_phrase=True).text == "delivery technology of genetic material"


def test_a_postposition_moves_after_its_head_or_stays_before_it():
    assert gl.gloss("탄소중립 실현을 위한 수소 기술", noun_phrase=True).text.startswith("hydrogen technology for ")
    assert gl.gloss("AI 기반 신약", noun_phrase=True).text == "AI-based new drugs"


def test_a_list_before_a_verb_is_its_object():
    assert gl.gloss("반도체, 이차전지 등 육성").text == "foster semiconductors, secondary batteries, etc."


def test_words_the_glossary_lacks_stay_korean_and_are_marked():
    g = gl.gloss("뜬금없는 꽃게 확보")
    assert not g.complete
    assert "꽃게" in " ".join(g.untranslated)
    assert g.covered < g.total


def test_latin_words_and_numbers_pass_through():
    g = gl.gloss("R&D 효율 5배")
    assert g.complete and g.text == "R&D efficiency 5x"


def test_english_text_is_left_as_it_is():
    assert gl.gloss("more than 50%").text == "more than 50%"


def test_unseen_policy_phrases_of_other_fields_are_covered():
    # phrases of the kind other strategic roadmaps state, none of them in the sample release
    phrases = ["차세대 이차전지 에너지밀도 향상", "소형모듈원전 독자 노형 개발 및 수출", "수소 생산단가 kg당 3,000원 이하 달성",
               "6G 통신 상용화 기술 확보", "양자암호통신 네트워크 구축", "온실가스 배출량 40% 감축",
               "반도체 소부장 자립화율 50% 달성", "우주 발사체 재사용 기술 확보", "고성능 컴퓨팅 자원 확충",
               "민간 투자 유치 확대 및 규제 개선"]
    missing = [p for p in phrases if not gl.gloss(p).complete]
    assert not missing


def test_gerunds_and_participles_follow_english_spelling():
    assert [gerund(v) for v in ("secure", "set", "develop", "take on")] == \
        ["securing", "setting", "developing", "taking on"]
    assert [participle(v) for v in ("secure", "build", "develop", "apply")] == \
        ["secured", "built", "developed", "applied"]


# --- whole sentences or Korean ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "미지와 과학자 만나 한계에 도전",                        # stems the glossary lacks
    "국민과 기업이 필요로 하는 AI 데이터 적극 발굴",          # a subject outside an adnominal clause
    "기후부, 재생원료 사용 확대 협약",                       # a headline's ministry as bare subject
    "산업부 추가경정예산안 확정",
    "품질 검증부터 정보 공유까지 협력 체계 구축",             # a range 부터 … 까지
    "(23년)",                                              # ’23 or 23 years: only a reader knows
])
def test_a_sentence_without_a_known_construction_stays_korean(text):
    r = gl.render(text)
    assert not r.in_english and r.korean == text


def test_a_korean_sentence_comes_with_the_terms_the_glossary_knows():
    r = gl.render("국립과천과학관 과학소통강연 미지와 만나다")
    assert ("국립과천과학관", "Gwacheon National Science Museum") in r.terms
    assert not r.in_english


def test_a_covered_sentence_is_english_as_a_whole():
    assert gl.render("고유가 피해지원금 지급 시작").english == "Start payment of high oil price relief payments"
    assert gl.render("인구감소지역 중 우대지원지역").english == "Preferential support areas among population-decline areas"


# --- names, numbers and dates ------------------------------------------------------------------------

def test_people_are_named_by_the_revised_romanization_given_names_syllable_by_syllable():
    assert person_en("박상민") == "Park Sang-min"
    assert person_en("노명종") == "Noh Myeong-jong"
    assert person_en("남궁민수") == "Namgung Min-su"           # a two-syllable surname


def test_districts_are_romanised_and_follow_english_order():
    assert place_en("서대문구") == "Seodaemun-gu"
    assert gl.render("대전광역시 서구").english == "Seo-gu, Daejeon"
    assert gl.render("경상남도 창원시").english == "Changwon-si, Gyeongsangnam-do"


def test_public_bodies_come_from_the_agency_data():
    assert gl.render("한국산업은행 등").english == "Korea Development Bank, etc."
    assert gl.name_rendering("기후에너지환경부").english == "Ministry of Climate, Energy and Environment"


def test_numbers_and_dates_are_written_the_english_way():
    assert number_en(1098000000000) == "1.098 trillion" and number_en(12345) == "12,345"
    assert date_en("2023-10-31T10:00") == "October 31, 2023, 10:00"
    assert date_en("2023-10") == "October 2023" and date_en("--04") == "April"


def test_a_date_of_reference_reads_as_of_it():
    assert gl.render("2021년 5월 기준").english == "As of May 2021"


def test_a_word_of_two_meanings_keeps_its_sentence_korean_and_is_not_glossed():
    r = gl.render("지방")                        # regions, or fat in a nutrition table
    assert not r.in_english and r.terms == ()


def test_a_department_path_reads_smallest_unit_first():
    assert gl.name_rendering("과학기술정보통신부 네트워크정책실 통신이용제도과").english.endswith(
        "Division, Network Policy Office, Ministry of Science and ICT")
