"""Normalisation of PDF-extracted and web text, with offsets back to the input."""
from __future__ import annotations

import pytest

from extract.normalize import InputError, decode, normalize, simplified_view

from conftest import SAMPLE

PDF = SAMPLE.read_text(encoding="utf-8")  # a real PDF text dump: lines wrapped at ~18 characters


def test_joins_wrapped_lines_and_keeps_paragraphs():
    """Checked by short pieces that cross the dump's wraps (a number before 家, a name, a year
    after 在) and by the second paragraph's ends and length, so that the test holds no sentence
    of the page."""
    text = normalize(PDF).text
    assert "阳光电源等11家行业" in text
    assert "链长的党工委" in text
    assert "\n本报讯（记者" in text and "下午，在2024" in text
    assert "苏州工业园区" in text
    paragraphs = text.split("\n")
    assert paragraphs[1].startswith("建强党建链") and paragraphs[1].endswith("占比超93%。")
    assert len(paragraphs[1]) == 333


def test_web_paragraphs_of_uneven_length_are_not_joined():
    page = "首页 > 资讯 > 正文\n全国首个跨省域高新区揭牌\n2023-08-01 07:08:16 来源:文汇网\n" \
           "就在昨天，长三角生态绿色一体化发展示范区跨省域高新技术产业开发区正式揭牌成立，将构建区域一体化现代化产业体系\n" \
           "示范区高新区占地面积19.54平方公里。"
    assert normalize(page).text.split("\n")[2] == "2023-08-01 07:08:16来源：文汇网"


def test_offsets_map_back_to_the_input():
    n = normalize(PDF)
    i = n.text.index("阳光电源等重点")
    assert PDF[n.raw_offset(i):n.raw_offset(i + 4)] == "阳光电\n\n源"
    j = n.text.index("11家行业")
    assert PDF[n.raw_offset(j):n.raw_offset(j) + 2] == "11"


def test_ascii_punctuation_between_chinese_becomes_chinese():
    assert normalize("前三季度 , 该区增长8% 。 苏州高新区(上海)投资说明会，时间07:08:16").text == \
        "前三季度，该区增长8%。苏州高新区（上海）投资说明会，时间07:08:16"


def test_full_width_digits_and_letters_fold_but_punctuation_stays():
    assert normalize("２０２４年ＡＩ产业，增长１５％。").text == "2024年AI产业，增长15％。"


def test_latin_words_keep_their_space_across_a_wrap():
    lines = ["第一行文字很长很长很长很长很长很长", "第二行文字很长很长很长很长很长很长", "第三行文字很长很长很长很长使用 deep", "learning 方法很长很长很长很长很长很长",
             "第四行文字很长很长很长很长很长很长。"]
    assert "deep learning方法" in normalize("\n".join(lines)).text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5"])
def test_decodes_common_chinese_encodings(encoding):
    text = "合肥高新區與中國科學技術大學簽署戰略合作協議，共建聯合實驗室。" if encoding == "big5" else \
        "合肥高新区与中国科学技术大学签署战略合作协议，共建联合实验室。"
    assert decode(text.encode(encoding)) == text


def test_truncated_utf8_tail_is_dropped():
    data = "西安科学园".encode("utf-8")[:-1]
    assert decode(data) == "西安科学"


@pytest.mark.parametrize("data,message", [
    (b"", "empty input"),
    (b"   \n\t ", "empty input"),
    (b"\x00\x01\x02binary\x00", "binary data"),
    (bytes(range(128, 256)) * 4, "undecodable"),
])
def test_bad_input_gets_a_clear_error(data, message):
    with pytest.raises(InputError, match=message):
        decode(data)


def test_traditional_text_has_a_same_length_simplified_view():
    trad = "中國科學院西安光學精密機械研究所簽約入駐西安科學園。"
    view = simplified_view(trad)
    assert view == "中国科学院西安光学精密机械研究所签约入驻西安科学园。"
    assert simplified_view("中国科学院西安光学精密机械研究所签约入驻西安科学园。") is None
