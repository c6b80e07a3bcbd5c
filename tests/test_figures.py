"""pipeline.korean.figures: quantities in Korean and English text."""
import pytest

from pipeline.korean.figures import FigureMatch, find_figures, parse_korean_number


def only(text, language="ko") -> FigureMatch:
    """The single figure found in ``text``."""
    found = find_figures(text, language)
    assert len(found) == 1, found
    return found[0]


def check(fig, text, value, unit, op, kind):
    assert (fig.value, fig.unit, fig.op, fig.kind) == (value, unit, op, kind), fig
    assert type(fig.value) is type(value), fig
    if text is not None:
        assert fig.text == text, fig


# (id, input, expected text or None, value, unit, op, kind)
KO = [
    # scale words, commas, decimals
    ("scale_jo_cheon_eok", "1조 2천억원 투자", "1조 2천억원", 1200000000000, "원", "=", "money"),
    ("scale_cheon_man", "3천만 명", "3천만 명", 30000000, "명", "=", "count"),
    ("scale_man", "100만명 규모", "100만명", 1000000, "명", "=", "count"),
    ("scale_decimal_eok_dollar", "6.04억$ 규모", "6.04억$", 604000000, "$", "=", "money"),
    ("scale_decimal_eok_dollar_2", "23.18억$(QYresearch)", "23.18억$", 2318000000, "$", "=", "money"),
    ("scale_eok_spaced_won", "2,500억 원을 투입", "2,500억 원", 250000000000, "원", "=", "money"),
    ("scale_eok_cheonman", "1억 5천만 원", "1억 5천만 원", 150000000, "원", "=", "money"),
    ("scale_man_cheon_glued", "1만2천 명", "1만2천 명", 12000, "명", "=", "count"),
    ("scale_jo_won_dae", "1조원대 시장", "1조원대", 1000000000000, "원", "about", "money"),
    ("scale_baek_man_table_style", "500백만원", "500백만원", 500000000, "원", "=", "money"),
    ("comma_thousands", "1,234,567명", "1,234,567명", 1234567, "명", "=", "count"),
    ("decimal_multiple", "1.5배 증가", "1.5배", 1.5, "배", "=", "multiple"),
    ("decimal_percent", "0.5% 감소", "0.5%", 0.5, "%", "=", "percent"),
    # counters and units
    ("counter_gae", "8개 중점기술", "8개", 8, "개", "=", "count"),
    ("counter_gaeguk_about", "10여 개국", "10여 개국", 10, "개국", "about", "count"),
    ("counter_dae_count", "12대 국가전략기술", "12대", 12, "대", "=", "count"),
    ("counter_dae_strong_nation", "과학기술 5대 강국", "5대", 5, "대", "=", "count"),
    ("counter_geon", "특허 3건을 출원", "3건", 3, "건", "=", "count"),
    ("counter_gos", "전국 5곳에", "5곳", 5, "곳", "=", "count"),
    ("counter_jong", "바이오 소재 3종", "3종", 3, "종", "=", "count"),
    ("counter_hoe_count", "연 2회 개최", "2회", 2, "회", "=", "count"),
    ("list_numbering_then_figure", "1. 8개 과제", "8개", 8, "개", "=", "count"),
    ("counter_spaced", "연구자 300 명", "300 명", 300, "명", "=", "count"),
    ("unit_percent_point", "전년 대비 3.5%p 상승", "3.5%p", 3.5, "%p", "=", "percent"),
    ("unit_percent_point_word", "5%포인트 상승", "5%포인트", 5, "%p", "=", "percent"),
    ("unit_multiple", "10배 혁신", "10배", 10, "배", "=", "multiple"),
    ("unit_money_dollar_word", "50억 달러 수출", "50억 달러", 5000000000, "달러", "=", "money"),
    ("unit_age", "65세 이상 고령층", "65세 이상", 65, "세", ">=", "other"),
    ("unit_rank_ordinal", "세계 5위 수준", "5위", 5, "위", "=", "ordinal"),
    ("unit_kw_glued_class", "10kW급 설비", "10kW", 10, "kW", "=", "other"),
    ("nfkc_kw", "1,000㎾초과 설비", "1,000㎾초과", 1000, "kW", ">", "other"),
    ("nfkc_km", "100㎞ 구간", "100㎞", 100, "km", "=", "other"),
    ("nfkc_m2", "50㎡ 규모", "50㎡", 50, "m2", "=", "other"),
    ("nfkc_fullwidth_digits_percent", "３０％ 절감", "３０％", 30, "%", "=", "percent"),
    ("unit_alias_nyeondo", "2024년도 예산", "2024년도", 2024, "년", "=", "year"),
    # comparators
    ("op_isang", "데이터·전력 50% 이상 절감", "50% 이상", 50, "%", ">=", "percent"),
    ("op_isang_particle", "100개 이상의 기업", "100개 이상", 100, "개", ">=", "count"),
    ("op_choego_glued", "1,000㎾초과", "1,000㎾초과", 1000, "kW", ">", "other"),
    ("op_neomneun_after_particle", "10,000개가 넘는 기업", "10,000개가 넘는", 10000, "개", ">", "count"),
    ("op_neomneun_percent", "50%를 넘는", "50%를 넘는", 50, "%", ">", "percent"),
    ("op_iha", "5% 이하", "5% 이하", 5, "%", "<=", "percent"),
    ("op_inae", "5년 이내 상용화", "5년 이내", 5, "년", "<=", "duration"),
    ("op_nae_spaced", "보건동맹 협업 下 100일 내 백신 확보", "100일 내", 100, "일", "<=", "duration"),
    ("op_miman", "30% 미만", "30% 미만", 30, "%", "<", "percent"),
    ("op_choedae_pre", "효율을 최대 10배 혁신", "최대 10배", 10, "배", "up_to", "multiple"),
    ("op_kkaji_quantity", "10배까지 향상", "10배까지", 10, "배", "up_to", "multiple"),
    ("op_choeso", "최소 3개 기관", "최소 3개", 3, "개", ">=", "count"),
    ("op_yak", "약 100억원", "약 100억원", 10000000000, "원", "about", "money"),
    ("op_naeoe", "5개 내외", "5개 내외", 5, "개", "about", "count"),
    ("op_yeo_spaced", "2년 여 동안", "2년 여", 2, "년", "about", "duration"),
    ("op_yeo_glued", "2년여 만에", "2년여", 2, "년", "about", "duration"),
    ("op_yeo_after_scale", "1만여 명", "1만여 명", 10000, "명", "about", "count"),
    ("op_garyang", "100명가량", "100명가량", 100, "명", "about", "count"),
    ("op_jeongdo", "20% 정도", "20% 정도", 20, "%", "about", "percent"),
    ("op_chong_is_equal", "총 6건", "총 6건", 6, "건", "=", "count"),
    ("op_chong_glued", "총6회", "총6회", 6, "회", "=", "count"),
    ("op_not_pre_inside_word", "계약 10건", "10건", 10, "건", "=", "count"),
    ("bare_number_with_bound_glued", "지수 60이상", "60이상", 60, "", ">=", "other"),
    ("bare_number_with_bound_spaced", "점수 75 이상", "75 이상", 75, "", ">=", "other"),
    ("bare_number_with_scale_and_bound", "20억 미만의 사업", "20억 미만", 2000000000, "", "<", "other"),
    # years
    ("year_plain", "2030년 달성", "2030년", 2030, "년", "=", "year"),
    ("year_deadline_kkaji", "2030년까지 달성", "2030년까지", 2030, "년", "=", "year"),
    ("year_abbrev_deadline", "’30년까지 확보", "’30년까지", 2030, "년", "=", "year"),
    ("year_abbrev_straight_quote", "'30년 목표", "'30년", 2030, "년", "=", "year"),
    ("year_abbrev_acute", "´27년", "´27년", 2027, "년", "=", "year"),
    ("year_abbrev_backtick", "`25년", "`25년", 2025, "년", "=", "year"),
    ("year_abbrev_buteo", "’21년부터 시행", "’21년부터", 2021, "년", ">=", "year"),
    ("year_abbrev_open_range", "EU의 GDPR(‘16~)", "‘16~", 2016, "년", ">=", "year"),
    ("year_abbrev_bare_parens", "전망 (’21) 기준", "’21", 2021, "년", "=", "year"),
    ("year_abbrev_1900s", "’98년 외환위기", "’98년", 1998, "년", "=", "year"),
    ("year_buteo", "2025년부터", "2025년부터", 2025, "년", ">=", "year"),
    ("year_outside_range_is_duration", "30년 동안", "30년", 30, "년", "=", "duration"),
    # dates, datetimes, times
    ("date_month_day", "10월 31일(화) 개최", "10월 31일", "10-31", "", "=", "date"),
    ("date_full_hangul", "2023년 10월 31일 발표", "2023년 10월 31일", "2023-10-31", "", "=", "date"),
    ("date_year_month", "2023년 10월 공개", "2023년 10월", "2023-10", "", "=", "date"),
    ("date_bare_month", "지난 8월 발표한", "8월", "--08", "", "=", "date"),
    ("date_dotted_weekday_no_time", "2023. 10. 31(화)", "2023. 10. 31", "2023-10-31", "", "=", "date"),
    ("date_abbrev_year_dotted", "’23.10.31. 배포", "’23.10.31.", "2023-10-31", "", "=", "date"),
    ("date_bare_day_with_weekday", "오늘[15일(수)]", "15일", "---15", "", "=", "date"),
    ("date_iso", "2023-10-31 기준", "2023-10-31", "2023-10-31", "", "=", "date"),
    ("date_deadline", "10월 31일까지 접수", "10월 31일까지", "10-31", "", "=", "date"),
    ("datetime_dotted_colon", "2023. 10. 31.(화) 10:00 배포", "2023. 10. 31.(화) 10:00",
     "2023-10-31T10:00", "", "=", "datetime"),
    ("datetime_dotted_si", "2024. 4. 21.(일) 12시 이후", "2024. 4. 21.(일) 12시", "2024-04-21T12:00", "", "=",
     "datetime"),
    ("datetime_hangul", "2023년 10월 31일(화) 10시", None, "2023-10-31T10:00", "", "=", "datetime"),
    ("time_si", "10시 회의", "10시", "10:00", "", "=", "time"),
    ("time_colon", "14:00 시작", "14:00", "14:00", "", "=", "time"),
    ("time_pm_minutes", "오후 2시 30분", "오후 2시 30분", "14:30", "", "=", "time"),
    ("time_about", "10시경", "10시경", "10:00", "", "about", "time"),
    # durations
    ("duration_hours_not_time", "24시간 운영", "24시간", 24, "시간", "=", "duration"),
    ("duration_months", "6개월간", "6개월", 6, "개월", "=", "duration"),
    ("duration_days", "100일 동안", "100일", 100, "일", "=", "duration"),
    # ordinals
    ("ordinal_je_cha", "제4차 회의", "제4차", 4, "차", "=", "ordinal"),
    ("ordinal_je_cha_two_digits", "제49차 위원회", "제49차", 49, "차", "=", "ordinal"),
    ("ordinal_je_hoe", "제4회 포럼", "제4회", 4, "회", "=", "ordinal"),
    ("ordinal_je_jo_not_trillion", "법 제3조에 따라", "제3조", 3, "조", "=", "ordinal"),
    ("ordinal_beon", "(국정과제 75번)", "75번", 75, "번", "=", "ordinal"),
    ("ordinal_beonjjae", "3번째 협력", "3번째", 3, "번째", "=", "ordinal"),
    # negatives
    ("negative_triangle_percent", "증감률 △3.2%", "△3.2%", -3.2, "%", "=", "percent"),
    ("negative_triangle_money", "△500억원", "△500억원", -50000000000, "원", "=", "money"),
    ("triangle_bullet_before_count", "△3대 분야", "3대", 3, "대", "=", "count"),
    ("negative_minus_after_space", "성장률 -1.5%", "-1.5%", -1.5, "%", "=", "percent"),
]

# (id, input, [(text, value, unit, op, kind), ...]) when one input gives several figures
KO_MULTI = [
    ("range_mm_both_ends", "80~150mm 강우", [("80~", 80, "mm", ">=", "other"),
                                              ("150mm", 150, "mm", "<=", "other")]),
    ("range_percent", "10~20% 향상", [("10~", 10, "%", ">=", "percent"), ("20%", 20, "%", "<=", "percent")]),
    ("range_years", "2021~2025년", [("2021~", 2021, "년", ">=", "year"), ("2025년", 2025, "년", "<=", "year")]),
    ("range_abbrev_years", "’21~’25", [("’21~", 2021, "년", ">=", "year"), ("’25", 2025, "년", "<=", "year")]),
    ("comma_glued_list", "3개,5개", [("3개", 3, "개", "=", "count"), ("5개", 5, "개", "=", "count")]),
    ("falling_scales_split", "5억 3억원", [("3억원", 300000000, "원", "=", "money")]),
    ("less_than_sign_is_not_op", "(한국 22% < 세계평균 34%)", [("22%", 22, "%", "=", "percent"),
                                                            ("34%", 34, "%", "=", "percent")]),
    ("bare_numbers_bounding_a_band", "위기인식지수 60이상~80미만", [("60이상", 60, "", ">=", "other"),
                                                               ("80미만", 80, "", "<", "other")]),
    ("bound_carried_past_period_to_amount", "최대 3년간 30억원의 연구개발비",
     [("최대 3년", 3, "년", "up_to", "duration"), ("30억원", 3000000000, "원", "up_to", "money")]),
    ("bound_carried_past_period_dongan", "최대 2년 동안 5억원 지원",
     [("최대 2년", 2, "년", "up_to", "duration"), ("5억원", 500000000, "원", "up_to", "money")]),
    ("bound_not_carried_to_a_monthly_amount", "최대 2년간 월 100만원",
     [("최대 2년", 2, "년", "up_to", "duration"), ("100만원", 1000000, "원", "=", "money")]),
    ("bound_not_carried_over_the_amounts_own_word", "최대 3년간 총 30억원",
     [("최대 3년", 3, "년", "up_to", "duration"), ("총 30억원", 3000000000, "원", "=", "money")]),
    ("minimum_not_carried_past_period", "최소 2년간 1억원",
     [("최소 2년", 2, "년", ">=", "duration"), ("1억원", 100000000, "원", "=", "money")]),
    ("bound_not_carried_to_a_count", "최대 3년간 5개 과제",
     [("최대 3년", 3, "년", "up_to", "duration"), ("5개", 5, "개", "=", "count")]),
    ("fraction_is_no_minutes_and_no_bare_bound", "기간의 2분의 1 이상, 10분의 휴식",
     [("10분", 10, "분", "=", "duration")]),
    ("date_then_time_without_year", "10월 31일(화) 10시", [("10월 31일", "10-31", "", "=", "date"),
                                                        ("10시", "10:00", "", "=", "time")]),
]

NOT_FIGURES = [
    ("phone_sejong", "과학기술정책국 책임자 과 장 박상민 (044-202-6750)"),
    ("phone_seoul", "문의 02-2110-7760"),
    ("phone_paren_area", "(02)2110-7760"),
    ("phone_international", "+82-44-202-6750"),
    ("list_numbering_dot", "1. 추진 배경"),
    ("list_numbering_paren", "2) 세부 내용"),
    ("list_numbering_hangul_roman", "가. 개요\nⅠ. 서론\nⅡ. 본론"),
    ("page_number", "- 1 -"),
    ("model_g5", "G5 달성"),
    ("model_h100", "H100 도입"),
    ("glued_5g", "5G 이동통신"),
    ("glued_3d", "3D 프린팅"),
    ("model_llama", "LLaMA 2 공개"),
    ("english_ordinal_in_korean", "1st 단계"),
    ("hundred_days_programme", "100-Days Mission"),
    ("bare_number", "표 3 참조"),
    ("bare_number_with_an_about_word", "3 정도"),
    ("fraction", "총 보수의 1000분의 25만큼"),
    ("counter_inside_word_battery", "2차전지 산업"),
    ("counter_inside_word_per_person", "1인당 소득"),
    ("counter_inside_word_university", "5대학"),
    ("spaced_counter_inside_word", "100 대비"),
    ("industrial_revolution_name", "4차 산업혁명"),
    ("ratio_is_no_time", "3:1 매칭"),
    ("id_with_leading_zero", "공고 제2024-0149호"),
    ("no_figure_across_line_break", "1.5~2.5\n주"),
]

# (id, input, expected text, value, unit, op, kind)
EN = [
    ("en_more_than_is_at_least", "cut power use by more than 50%", "more than 50%", 50, "%", ">=", "percent"),
    ("en_at_least", "at least 30 percent", "at least 30 percent", 30, "%", ">=", "percent"),
    ("en_over", "over 100 companies", "over 100", 100, "count", ">", "count"),
    ("en_less_than", "less than 10 percent", "less than 10 percent", 10, "%", "<", "percent"),
    ("en_about", "about 3.5% of GDP", "about 3.5%", 3.5, "%", "about", "percent"),
    ("en_or_more", "10% or more", "10% or more", 10, "%", ">=", "percent"),
    ("en_up_to_times", "improve efficiency up to 10 times", "up to 10 times", 10, "times", "up_to", "multiple"),
    ("en_tenfold", "a tenfold increase", "tenfold", 10, "times", "=", "multiple"),
    ("en_up_to_tenfold", "up to tenfold", "up to tenfold", 10, "times", "up_to", "multiple"),
    ("en_hyphen_fold", "a 10-fold gain", "10-fold", 10, "times", "=", "multiple"),
    ("en_count_words", "eight key technologies", "eight", 8, "count", "=", "count"),
    ("en_count_compound_word", "twenty-five experts", "twenty-five", 25, "count", "=", "count"),
    ("en_count_million", "1 million people", "1 million", 1000000, "count", "=", "count"),
    ("en_ordinal_word", "the fourth meeting", "fourth", 4, "ordinal", "=", "ordinal"),
    ("en_ordinal_suffix", "the 4th plenary", "4th", 4, "ordinal", "=", "ordinal"),
    ("en_by_year", "by 2030", "by 2030", 2030, "year", "=", "year"),
    ("en_since_year", "since 2016", "since 2016", 2016, "year", ">=", "year"),
    ("en_abbrev_year", "GDPR (’16~)", "’16~", 2016, "year", ">=", "year"),
    ("en_from_date", "from October 31, 2023", "from October 31, 2023", "2023-10-31", "", ">=", "date"),
    ("en_date", "on October 31, 2023", "October 31, 2023", "2023-10-31", "", "=", "date"),
    ("en_date_day_first", "31 October 2023", "31 October 2023", "2023-10-31", "", "=", "date"),
    ("en_date_month_year", "October 2023", "October 2023", "2023-10", "", "=", "date"),
    ("en_datetime", "October 31, 2023 at 10:00 a.m.", None, "2023-10-31T10:00", "", "=", "datetime"),
    ("en_time_pm", "at 2 p.m.", "2 p.m.", "14:00", "", "=", "time"),
    ("en_money_krw_prefix", "KRW 300 billion", "KRW 300 billion", 300000000000, "KRW", "=", "money"),
    ("en_money_won_suffix", "1.2 trillion won", "1.2 trillion won", 1200000000000, "KRW", "=", "money"),
    ("en_money_dollar", "$604 million", "$604 million", 604000000, "$", "=", "money"),
    ("en_money_more_than", "more than KRW 1 trillion", "more than KRW 1 trillion", 1000000000000, "KRW", ">=",
     "money"),
    ("en_within_days", "within 100 days", "within 100 days", 100, "days", "<=", "duration"),
    ("en_five_year", "a five-year plan", "five-year", 5, "years", "=", "duration"),
    ("en_percent_word", "50 percent", "50 percent", 50, "%", "=", "percent"),
    ("en_nfkc_unit", "a 1,000㎾ plant", "1,000㎾", 1000, "kW", "=", "other"),
]

EN_NOT_FIGURES = [
    ("en_one_of", "One of the goals"),
    ("en_first_adverb", "First, we did."),
    ("en_model_name", "the LLaMA 2 model"),
    ("en_glued", "G5 and 5G networks"),
    ("en_covid", "COVID-19"),
    ("en_hundred_days", "the 100-Days Mission"),
    ("en_phone", "call +82-44-202-6750"),
]

SENTENCES = [
    ("미래혁신 분야(인공지능, 첨단바이오) 8개 중점기술의 국가 임무 및 투자·정책방향 제시",
     [(8, "개", "=", "count")]),
    ("고효율 학습모델(데이터·전력 50% 이상 절감), 인공일반지능(AGI), 바이오제조 효율을 최대 10배 혁신하는",
     [(50, "%", ">=", "percent"), (10, "배", "up_to", "multiple")]),
    ("과기정통부는 10월 31일(화) 10시 국가과학기술자문회의",
     [("10-31", "", "=", "date"), ("10:00", "", "=", "time")]),
    ("우리 기업 AI 도입률 저조 (한국 22% < 세계평균 34%)",
     [(22, "%", "=", "percent"), (34, "%", "=", "percent")]),
    ("EU의 GDPR(‘16~), AI법(제정중)", [(2016, "년", ">=", "year")]),
    ("보건동맹 협업 下 100일 내 백신 확보", [(100, "일", "<=", "duration")]),
    ("한국인 바이오 빅데이터 구축 (100만명 이상) 및", [(1000000, "명", ">=", "count")]),
    ("세계 가상발전소 시장규모 및 전망 : (’21) 6.04억$ → (’28) 23.18억$(QYresearch, ‘22)",
     [(2021, "년", "=", "year"), (604000000, "$", "=", "money"), (2028, "년", "=", "year"),
      (2318000000, "$", "=", "money"), (2022, "년", "=", "year")]),
    ("(국정과제 75번) 초격차 전략기술로 과학기술 5대 강국(G5) 달성",
     [(75, "번", "=", "ordinal"), (5, "대", "=", "count")]),
    ("과학기술정책국 책임자 과 장 박상민 (044-202-6750)", []),
]


@pytest.mark.parametrize("text, expected, value, unit, op, kind", [pytest.param(*c[1:], id=c[0]) for c in KO])
def test_korean_figure(text, expected, value, unit, op, kind):
    check(only(text), expected, value, unit, op, kind)


@pytest.mark.parametrize("text, expected", [pytest.param(*c[1:], id=c[0]) for c in KO_MULTI])
def test_korean_several_figures(text, expected):
    got = [(f.text, f.value, f.unit, f.op, f.kind) for f in find_figures(text)]
    assert got == expected


@pytest.mark.parametrize("text", [pytest.param(c[1], id=c[0]) for c in NOT_FIGURES])
def test_korean_not_a_figure(text):
    assert find_figures(text) == []


@pytest.mark.parametrize("text, expected, value, unit, op, kind", [pytest.param(*c[1:], id=c[0]) for c in EN])
def test_english_figure(text, expected, value, unit, op, kind):
    check(only(text, "en"), expected, value, unit, op, kind)


@pytest.mark.parametrize("text", [pytest.param(c[1], id=c[0]) for c in EN_NOT_FIGURES])
def test_english_not_a_figure(text):
    assert find_figures(text, "en") == []


@pytest.mark.parametrize("sentence, expected", SENTENCES, ids=[f"sentence{i}" for i in range(len(SENTENCES))])
def test_sentence_list_finds_exactly_the_expected_figures(sentence, expected):
    got = [(f.value, f.unit, f.op, f.kind) for f in find_figures(sentence)]
    assert got == expected


@pytest.mark.parametrize("s, value", [
    pytest.param("1조 2천억", 1200000000000, id="jo_cheon_eok"),
    pytest.param("6.04억", 604000000, id="decimal_eok_exact"),
    pytest.param("23.18억", 2318000000, id="decimal_eok_exact_2"),
    pytest.param("100만", 1000000, id="man"),
    pytest.param("1,000", 1000, id="comma"),
    pytest.param("3천만", 30000000, id="cheon_man"),
    pytest.param("2천5백", 2500, id="cheon_baek"),
    pytest.param("1억 5000만", 150000000, id="eok_digits_man"),
    pytest.param("천만", 10000000, id="scale_words_only"),
    pytest.param("6.04", 6.04, id="decimal"),
    pytest.param("０.５", 0.5, id="fullwidth"),
])
def test_parse_korean_number(s, value):
    got = parse_korean_number(s)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("s", ["", "abc", "1억 2억", "10개", "1..2"])
def test_parse_korean_number_rejects(s):
    assert parse_korean_number(s) is None


def test_offsets_point_into_the_text_given():
    text = "설비 용량 1,000㎾초과 시설과 ３０％ 절감, 그리고 ’30년까지"
    for fig in find_figures(text):
        assert text[fig.start:fig.end] == fig.text
    assert [f.text for f in find_figures(text)] == ["1,000㎾초과", "３０％", "’30년까지"]


def test_scale_values_are_exact_ints():
    fig = only("6.04억$")
    assert fig.value == 604000000 and isinstance(fig.value, int)


def test_multiline_page_text():
    text = "- 3 -\n1. 추진 배경\n 8개 중점기술 (044-202-6750)\n2. 향후 계획 ’24년부터"
    got = [(f.value, f.unit, f.op) for f in find_figures(text)]
    assert got == [(8, "개", "="), (2024, "년", ">=")]
