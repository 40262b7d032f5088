"""Relation rules on real-style sentences: exact (source, type, target, properties)."""
from __future__ import annotations

from conftest import rule_facts as facts  # the hand-written stages: the trained ones are guarded by test_eval and test_training


def test_settled_in_with_date_from_the_article_year(rules_extractor):
    _, rels = facts(rules_extractor, "2024年3月5日，本源量子、国盾量子正式签约入驻合肥高新区。")
    assert rels == {
        ("本源量子", "SETTLED_IN", "合肥高新技术产业开发区", (("date", "2024-03-05"),)),
        ("国盾量子", "SETTLED_IN", "合肥高新技术产业开发区", (("date", "2024-03-05"),)),
    }


def test_settled_in_with_the_park_before_the_verb(rules_extractor):
    _, rels = facts(rules_extractor, "清华大学深圳国际研究生院在东莞松山湖高新区落户。")
    assert rels == {("清华大学深圳国际研究生院", "SETTLED_IN", "东莞松山湖高新技术产业开发区", ())}


def test_located_in(rules_extractor):
    _, rels = facts(rules_extractor, "长鑫存储位于合肥经济技术开发区，是国内领先的存储芯片企业。")
    assert rels == {("长鑫存储", "LOCATED_IN", "合肥经济技术开发区", ())}


def test_has_chain_names_the_park_in_the_sentence(rules_extractor):
    _, rels = facts(rules_extractor, "苏州工业园区聚焦生物医药、纳米技术应用、人工智能等新兴产业。")
    assert ("苏州工业园区", "HAS_CHAIN", "生物医药", ()) in rels
    assert ("苏州工业园区", "HAS_CHAIN", "人工智能", ()) in rels


def test_in_chain_with_role(rules_extractor):
    _, rels = facts(rules_extractor, "集成电路产业链链主企业长鑫存储带动上下游企业集聚。")
    assert rels == {("长鑫存储", "IN_CHAIN", "集成电路", (("role", "链主"),))}


def test_affiliation_by_prefix_and_by_cue(rules_extractor):
    text = "依托中国科学院上海药物研究所建设的新药研究国家重点实验室，与中国科学院共同推进研究。"
    _, rels = facts(rules_extractor, text)
    assert ("新药研究国家重点实验室", "AFFILIATED_WITH", "中国科学院上海药物研究所", ()) in rels
    assert ("中国科学院上海药物研究所", "AFFILIATED_WITH", "中国科学院", ()) in rels


def test_cooperation_pairs_every_member_of_two_lists(rules_extractor):
    _, rels = facts(rules_extractor, "宁德时代、比亚迪等企业与清华大学、浙江大学签署战略合作协议。")
    pairs = {(a, b) for a, t, b, p in rels if t == "COOPERATES_WITH" and p == (("kind", "战略合作"),)}
    assert pairs == {("宁德时代", "清华大学"), ("宁德时代", "浙江大学"), ("比亚迪", "清华大学"), ("比亚迪", "浙江大学")}


def test_ranked_in_reads_ranks_from_an_ordered_list(rules_extractor):
    text = ("赛迪顾问发布了《2024先进制造业百强园区》报告。报告显示，位列前三的园区分别为：苏州工业园区、"
            "杭州高新技术产业开发区、北京经济技术开发区。")
    art = rules_extractor.article(text, "t").to_dict()
    names = {e["id"]: e["name"] for e in art["entities"]}
    ranks = [(names[r["source"]], r["properties"].get("rank")) for r in art["relations"] if r["type"] == "RANKED_IN"]
    assert sorted(ranks, key=lambda x: x[1]) == [("苏州工业园区", 1), ("杭州高新技术产业开发区", 2), ("北京经济技术开发区", 3)]


def test_published_and_held_in_take_the_lead_date(rules_extractor):
    text = "2023中国数字经济发展大会9月12日在杭州高新区举办。大会现场，赛迪顾问发布了《2023中国数字经济产业园区竞争力报告》。"
    _, rels = facts(rules_extractor, text)
    assert ("2023中国数字经济发展大会", "HELD_IN", "杭州高新技术产业开发区", (("date", "2023-09-12"),)) in rels
    assert ("中国电子信息产业发展研究院", "PUBLISHED", "2023中国数字经济产业园区竞争力报告", (("date", "2023-09-12"),)) in rels


def test_released_and_won(rules_extractor):
    _, rels = facts(rules_extractor, "2024年，科大讯飞发布星火大模型，国仪量子荣获中国专利金奖。")
    assert ("科大讯飞", "RELEASED", "星火大模型", ()) in rels
    assert ("国仪量子", "WON", "中国专利金奖", ()) in rels


def test_members_of_the_article_park_are_located_in_it(rules_extractor):
    text = "合肥高新区持续壮大产业集群。链上企业科大讯飞、华米科技等加快发展。"
    _, rels = facts(rules_extractor, text)
    assert ("科大讯飞", "LOCATED_IN", "合肥高新技术产业开发区", ()) in rels


def test_every_relation_points_at_its_sentence(sample_articles):
    for art in sample_articles:
        ids = {e["id"] for e in art["entities"]}
        for r in art["relations"]:
            ev = r["evidence"]
            assert art["text"][ev["start"]:ev["end"]] == ev["sentence"]
            assert r["source"] in ids and r["target"] in ids and r["method"].startswith(("rule:", "model"))


def test_chain_after_a_growth_verb_and_cooperation_after_an_adverb(rules_extractor):
    """Common news phrasing: 重点发展X产业链 names the industry X; A将与B签署… is A cooperating with B."""
    _, rels = facts(rules_extractor, "西安科学园重点发展新能源汽车产业链，华芯科技有限公司将与西安交通大学签署战略合作协议。")
    assert ("西安科学园", "HAS_CHAIN", "新能源汽车", ()) in rels
    assert ("华芯科技有限公司", "COOPERATES_WITH", "西安交通大学", (("kind", "战略合作"),)) in rels


def test_a_name_prefix_settles_an_affiliation_the_ontology_lists_without_the_model(rules_extractor):
    from conftest import facts as output_facts  # what `kg extract` prints
    from extract.extractor import Extractor
    from extract.relations.model import RelationModel

    untrained = Extractor(nlp=rules_extractor.nlp, model=RelationModel({}, "untrained"), rules_only=True)
    text = ("中国科学院与浙江大学今年在园区各有布局。浙江大学杭州国际科创中心新增三个团队，园区管委会介绍，"
            "中国科学院量子信息重点实验室也在这里设立了分部。")
    _, rels = output_facts(untrained, text)
    # a lab by its institute's name, the institute named in another sentence: no candidate pair, the name says it
    assert ("中国科学院量子信息重点实验室", "AFFILIATED_WITH", "中国科学院", ()) in rels
    # an institute named for a university is not an affiliation the ontology lists: a model's to decide, and there is none
    assert ("浙江大学杭州国际科创中心", "AFFILIATED_WITH", "浙江大学", ()) not in rels


def test_a_pair_the_name_settles_gets_no_second_type_from_the_model(extractor):
    from conftest import facts as output_facts

    _, rels = output_facts(extractor, "中国科学院量子信息重点实验室与中国科学院签署合作协议，共建量子计算联合平台。")
    pair = {"中国科学院量子信息重点实验室", "中国科学院"}
    assert [t for a, t, b, _ in rels if {a, b} == pair] == ["AFFILIATED_WITH"]
