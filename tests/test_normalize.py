"""Normalisation of PDF-extracted and web text, with offsets back to the input."""
from __future__ import annotations

import pytest

from extract.normalize import InputError, decode, normalize, simplified_view

PDF = "组建科大讯飞、阳光电源等 11\n\n家行业龙头企业，推动链上科大讯飞、阳光电\n\n源等重点企业。党\n\n工委负责人兼任。\n\n本报讯 （记者 张伟） 11 月 1 日下午，签约。"


def test_joins_wrapped_lines_and_keeps_paragraphs():
    text = normalize(PDF).text
    assert text == ("组建科大讯飞、阳光电源等11家行业龙头企业，推动链上科大讯飞、阳光电源等重点企业。党工委负责人兼任。\n"
                    "本报讯（记者张伟）11月1日下午，签约。")


def test_offsets_map_back_to_the_input():
    n = normalize(PDF)
    i = n.text.index("阳光电源等重点")
    assert PDF[n.raw_offset(i):n.raw_offset(i + 4)] == "阳光电\n\n源"
    j = n.text.index("11月")
    assert PDF[n.raw_offset(j):n.raw_offset(j) + 2] == "11"


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
