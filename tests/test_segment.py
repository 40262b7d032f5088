"""Pages into articles, articles into sentences."""
from __future__ import annotations

from extract.normalize import decode, normalize
from extract.segment import split_articles, sentences

from conftest import SAMPLE


def test_sample_page_has_three_articles_and_its_captions():
    page = normalize(decode(SAMPLE.read_bytes())).text
    arts = split_articles(page)
    starts = [page[a.start:a.start + 8] for a in arts]  # short openings: the page's sentences stay out of the test
    assert starts == ["合肥高新区全面推", "本报讯（记者张伟", "本报讯（记者罗晓", "合肥高新区产业链"]
    assert [a.kind for a in arts] == ["article", "article", "article", "captions"]
    assert page[arts[2].start:arts[2].end].endswith("方向推进。")


def test_headline_before_a_byline_starts_the_next_article():
    page = ("合肥高新区召开产业链大会，多家企业参加了会议并交流了经验，会议取得圆满成功。\n会议还部署了下一步工作，推动产业链发展。\n"
            "国家高新区综合评价结果发布\n本报讯（记者张伟）近日，科技部火炬中心发布2024年国家高新区综合评价结果。\n"
            "评价显示，各高新区发展态势良好，创新能力持续提升，产业结构不断优化，对区域经济的带动作用明显。\n"
            "下一步将继续加强评价工作，推动高新区高质量发展，为建设科技强国作出更大贡献。")
    arts = split_articles(page)
    assert len(arts) == 2
    assert arts[1].title == "国家高新区综合评价结果发布"
    assert page[arts[1].start:].startswith("国家高新区综合评价结果发布\n本报讯")


def test_web_residue_is_kept_out_of_articles():
    page = ("首页 | 新闻中心 | 园区概况 | 招商引资\n当前位置：首页 > 新闻动态 > 正文\n西安科学园迎来新成员\n"
            "发布时间：2024-11-02 来源：西安高新区\n近日，黄土科学重点实验室正式落户西安科学园，将开展黄土高原生态保护研究。\n"
            "该实验室依托中国科学院地球环境研究所建设，长期从事黄土与环境研究，成果丰硕。\n"
            "双方表示将加强合作，推动科研成果在园区转化落地，服务区域经济社会发展。\n分享到：微信 微博 QQ空间\n版权所有 © 西安高新区管委会")
    arts = split_articles(page)
    assert len(arts) == 1
    art = arts[0]
    body = page[art.start:art.end]
    assert art.title == "西安科学园迎来新成员"
    assert art.date == "2024-11-02"
    assert "版权所有" not in body and "当前位置" not in body and "分享到" not in body


def test_sentences_end_at_terminal_punctuation_and_quotes():
    text = "他说：“已经签约。”随后离开！新的一段\n第二段没有句号"
    assert [text[s:e] for s, e in sentences(text)] == ["他说：“已经签约。”", "随后离开！", "新的一段", "第二段没有句号"]


def test_a_huge_article_is_cut_into_bounded_pieces():
    page = ("园区企业持续发展壮大，创新能力不断提升。" * 3000)
    arts = split_articles(page)
    assert len(arts) > 1 and all(a.end - a.start <= 20_000 for a in arts)
    assert "".join(page[a.start:a.end] for a in arts) == page
