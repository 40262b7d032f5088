"""Entity rules on real-style sentences: each asserts the exact names and types found."""
from __future__ import annotations

from conftest import rule_facts as facts  # the hand-written stages: the trained ones are guarded by test_eval and test_training


def test_gazetteer_and_abbreviations(rules_extractor):
    ents, _ = facts(rules_extractor, "合肥高新区与中科大签署协议。")
    assert ents == {"合肥高新技术产业开发区": "Park", "中国科学技术大学": "University"}


def test_longest_name_wins_inside_a_run_of_characters(rules_extractor):
    ents, _ = facts(rules_extractor, "园区企业中科大讯飞近日获得中国专利金奖。")
    assert ents == {"科大讯飞": "Enterprise", "中国专利金奖": "Award"}


def test_park_shapes_not_in_any_gazetteer(rules_extractor):
    ents, _ = facts(rules_extractor, "项目签约落户宿州马鞍山现代产业园区，助力芜湖航空产业园发展。")
    assert ents == {"宿州马鞍山现代产业园区": "Park", "芜湖航空产业园": "Park"}


def test_lab_institute_university_enterprise_shapes(rules_extractor):
    text = ("依托西北农林科技大学建设的旱区作物逆境生物学国家重点实验室、陕西省先进稳态成形重点实验室"
            "与西安交通大学前沿科学技术研究院及陕西华秦科技实业股份有限公司开展合作。")
    ents, _ = facts(rules_extractor, text)
    assert ents == {
        "西北农林科技大学": "University",
        "旱区作物逆境生物学国家重点实验室": "Lab",
        "陕西省先进稳态成形重点实验室": "Lab",
        "西安交通大学前沿科学技术研究院": "Institute",
        "陕西华秦科技实业股份有限公司": "Enterprise",
    }


def test_events_need_a_year_or_a_proper_start(rules_extractor):
    ents, _ = facts(rules_extractor, "2023世界智能产业博览会在天津举办，同期举办了链上企业党组织书记论坛和专场招聘会。")
    assert ents == {"2023世界智能产业博览会": "Event"}


def test_reports_in_title_marks_and_policies_ignored(rules_extractor):
    ents, _ = facts(rules_extractor, "赛迪顾问发布《2024中国先进制造业百强园区榜单》，并解读了《关于推动高新区高质量发展的若干意见》。")
    assert ents == {"中国电子信息产业发展研究院": "Organization", "2024中国先进制造业百强园区榜单": "Report"}


def test_generic_phrases_are_not_entities(rules_extractor):
    ents, _ = facts(rules_extractor, "园区企业与重点高校、各类实验室、国家级开发区和链上企业开展对接，打造高能级实验室。")
    assert ents == {}


def test_shared_prefix_distributes_over_a_list(rules_extractor):
    text = "清华大学智能技术与系统重点实验室、精密测试技术及仪器重点实验室落户苏州工业园区。"
    art = rules_extractor.article(text, "t").to_dict()
    labs = {e["name"]: e["aliases"] for e in art["entities"] if e["type"] == "Lab"}
    assert set(labs) == {"清华大学智能技术与系统重点实验室", "清华大学精密测试技术及仪器重点实验室"}
    assert "精密测试技术及仪器重点实验室" in labs["清华大学精密测试技术及仪器重点实验室"]


def test_enumeration_names_bare_enterprises(rules_extractor):
    ents, _ = facts(rules_extractor, "组织华安新材、国科天成、龙芯中科等20家龙头企业参加对接会。")
    assert ents == {"华安新材": "Enterprise", "国科天成": "Enterprise", "龙芯中科": "Enterprise"}


def test_list_members_share_a_type(rules_extractor):
    ents, _ = facts(rules_extractor, "打造科大讯飞“红芯”、华远智造“先锋号”等20个党建品牌。")
    assert ents == {"科大讯飞": "Enterprise", "华远智造": "Enterprise"}


def test_products_follow_an_enterprise_that_releases_them(rules_extractor):
    ents, _ = facts(rules_extractor, "本源量子正式发布新一代超导量子计算机，阳光电源推出全新储能系统。")
    assert ents["超导量子计算机"] == "Product" and ents["储能系统"] == "Product"


def test_chains_need_industry_context(rules_extractor):
    ents, _ = facts(rules_extractor, "园区聚焦集成电路、新能源汽车等主导产业，获得医疗器械注册证20张。")
    assert ents == {"集成电路": "Chain", "新能源汽车": "Chain"}


def test_an_industry_written_with_its_kind_word_is_one(rules_extractor):
    """The gazetteer's alias 生物医药产业 takes in the 产业 that marks it as an industry."""
    ents, _ = facts(rules_extractor, "去年全县集成电路、生物医药产业产值增长两成。")
    assert ents == {"集成电路": "Chain", "生物医药": "Chain"}


def test_chain_from_an_industrial_chain_shape(rules_extractor):
    art = rules_extractor.article("市里成立了低空飞行器产业链专班。", "t").to_dict()
    chains = [(e["name"], e["aliases"]) for e in art["entities"] if e["type"] == "Chain"]
    assert chains == [("低空飞行器", ["低空飞行器产业链"])]


def test_short_form_joins_its_full_name(rules_extractor):
    text = "中国科学院光电信息材料重点实验室正式落户西安科学园。据悉，光电信息材料重点实验室面向国家需求。"
    art = rules_extractor.article(text, "t").to_dict()
    lab = [e for e in art["entities"] if e["type"] == "Lab"]
    assert len(lab) == 1 and lab[0]["name"] == "中国科学院光电信息材料重点实验室"
    assert lab[0]["mentions"] == [[0, 16], [29, 40]]


def test_declared_short_names_become_aliases(rules_extractor):
    text = "合肥维天运通信息科技股份有限公司（以下简称“维天运通”）入驻合肥高新区。维天运通是一家物流科技企业。"
    art = rules_extractor.article(text, "t").to_dict()
    ent = next(e for e in art["entities"] if e["type"] == "Enterprise")
    assert ent["name"] == "合肥维天运通信息科技股份有限公司"
    assert "维天运通" in ent["aliases"] and ent["mentions"] == [[0, 16], [22, 26], [36, 40]]


def test_traditional_text_reports_names_as_written(rules_extractor):
    art = rules_extractor.article("中國科學院西安光學精密機械研究所與西安高新區簽署合作協議。", "t").to_dict()
    names = {e["name"]: e for e in art["entities"] if e["type"] == "Institute"}
    assert set(names) == {"中國科學院西安光學精密機械研究所", "中國科學院"}  # the second named by the first's prefix
    assert "中国科学院西安光学精密机械研究所" in names["中國科學院西安光學精密機械研究所"]["aliases"]
    assert "中国科学院" in names["中國科學院"]["aliases"]


def test_mentions_index_the_text(sample_articles):
    for art in sample_articles:
        for e in art["entities"]:
            for s, t in e["mentions"]:
                assert art["text"][s:t] in [e["name"], *e["aliases"]]


def test_listed_parks_without_their_city_and_ascii_parentheses(rules_extractor):
    ents, _ = facts(rules_extractor, "北辰经开区与中国石油大学(华东)签署战略合作协议。")
    assert ents == {"天津北辰经济技术开发区": "Park", "中国石油大学（华东）": "University"}


def test_enumerated_industries_are_chains(rules_extractor):
    ents, _ = facts(rules_extractor, "园区重点发展光子芯片、智能制造、数字创意三大战略性新兴产业，集中研发设计、中试成果转化等功能。")
    assert ents == {"光子芯片": "Chain", "智能制造": "Chain", "数字创意": "Chain"}


def test_a_park_name_holds_a_bracketed_place_or_a_middle_dot(rules_extractor):
    text = ("中英（常州）精密制造产业园与东坡·数字经济产业园签约，常州国家高新区也派员出席；"
            "占地300亩中国（镇江）新材料产业园今年投用，园区（二期）产业园尚在规划。")
    ents, _ = facts(rules_extractor, text)
    parks = {n for n, t in ents.items() if t == "Park"}
    assert parks == {"中英（常州）精密制造产业园", "东坡·数字经济产业园", "常州国家高新区", "中国（镇江）新材料产业园"}
    # a bracket or a dot that joins nothing: a name the bracket comments on, a column's label,
    # a bracket naming no place, a province's or a region's zones as a category
    text = ("深圳湾科技生态园（青岚）产业园开园，星河智造科技有限公司（青岚）产业园同日奠基。本报讯（通讯员）青岚高新区"
            "发布消息。要闻·白沙经开区出台新政。江苏省国家高新区数量居前，长三角国家高新区协同发展。")
    ents, _ = facts(rules_extractor, text)
    assert {n for n, t in ents.items() if t in ("Park", "Enterprise")} == {
        "深圳湾科技生态园", "星河智造科技有限公司", "青岚高新区", "白沙经开区"}


def test_a_parent_named_only_as_a_prefix_is_an_entity_of_its_own(rules_extractor):
    text = "中国科学院合肥物质科学研究院与合肥高新区签署战略合作协议，中国科学院强磁场科学中心也将参与共建。"
    art = rules_extractor.article(text, "t").to_dict()
    by_name = {e["name"]: e for e in art["entities"]}
    parent, child = by_name["中国科学院"], by_name["中国科学院合肥物质科学研究院"]
    assert parent["type"] == "Institute" and parent["rules"] == ["name_prefix"]
    assert [text[s:e] for s, e in parent["mentions"]] == ["中国科学院", "中国科学院"]  # one per name, in text order
    assert parent["mentions"][0][0] == child["mentions"][0][0]
    ids = {e["id"]: e["name"] for e in art["entities"]}
    rels = {(ids[r["source"]], r["type"], ids[r["target"]]) for r in art["relations"]}
    assert ("中国科学院合肥物质科学研究院", "AFFILIATED_WITH", "中国科学院") in rels
    # the parent is named inside the institute's name, not beside the park: no pair of its own
    assert {b for a, _, b in rels if "中国科学院" in (a, b)} == {"中国科学院"}


def test_no_parent_from_a_short_form_or_for_a_pair_the_name_does_not_settle(rules_extractor):
    ents, _ = facts(rules_extractor, "北大荒农业科学研究院与西安交通大学前沿科学技术研究院签署合作协议。")
    assert "北京大学" not in ents  # 北大 of 北大荒: two characters begin too many other names
    assert "西安交通大学" not in ents  # an institute named for a university: the ontology lists no such affiliation


def test_a_parent_also_named_alone_is_one_entity_named_there(rules_extractor):
    text = "中科院大连化物所在园区设立中试基地。中国科学院还将在当地布局更多成果转化项目。"
    art = rules_extractor.article(text, "t").to_dict()
    parents = [e for e in art["entities"] if e["name"] == "中国科学院"]
    assert len(parents) == 1 and "name_prefix" not in parents[0]["rules"]
    assert "中国科学院" in [text[s:e] for s, e in parents[0]["mentions"]]


def test_the_trained_stage_keeps_the_prefix_affiliation(extractor):
    from conftest import facts as model_facts

    ents, rels = model_facts(extractor, "中国科学院长春光学精密机械与物理研究所与吉林大学签署合作协议。")
    assert ents.get("中国科学院") == "Institute"
    assert ("中国科学院长春光学精密机械与物理研究所", "AFFILIATED_WITH", "中国科学院", ()) in rels
    assert {(a, b) for a, t, b, _ in rels if t == "COOPERATES_WITH"} <= {
        ("中国科学院长春光学精密机械与物理研究所", "吉林大学"), ("吉林大学", "中国科学院长春光学精密机械与物理研究所")}


def test_a_name_starts_after_the_words_that_introduce_it(rules_extractor):
    # 中 opens a name after a preposition or at a sentence's start (it is no postposition there);
    # a firm's registered name starts after 代表; a verb before a listed name is none of it.
    ents, _ = facts(rules_extractor, "该基地由中澜光谷控股有限公司投资建设。中马临江产业园区首期项目开工。")
    assert ents == {"中澜光谷控股有限公司": "Enterprise", "中马临江产业园区": "Park"}
    ents, _ = facts(rules_extractor, "企业代表青岚纺织科技股份有限公司发言。园区毗邻滨江航空产业园，还下设柔性电子创新中心。")
    assert ents == {"青岚纺织科技股份有限公司": "Enterprise", "滨江航空产业园": "Park", "柔性电子创新中心": "Institute"}
    ents, _ = facts(rules_extractor, "两地共同对接西安交通大学榆林储能研究院。")  # 对接: no boundary word
    assert ents == {"西安交通大学榆林储能研究院": "Institute"}
    # 中 after a noun is "in"
    ents, _ = facts(rules_extractor, "在园区中澜海科技有限公司规模最大。")
    assert ents == {"澜海科技有限公司": "Enterprise"}


def test_a_verb_inside_a_name_stays_where_no_listed_name_follows_or_a_place_precedes(rules_extractor):
    # events are titles, a word jieba only calls a place (海洋) is no listed name, a place before
    # the verb makes it the body's own, and 临近空间 is one word
    for text, name, typ in (("2024年创新中国论坛在青岚举行。", "2024年创新中国论坛", "Event"),
                            ("青岚探索海洋科技有限公司落户园区。", "青岚探索海洋科技有限公司", "Enterprise"),
                            ("青岚大学临近空间探测技术重点实验室揭牌。", "青岚大学临近空间探测技术重点实验室", "Lab")):
        ents, _ = facts(rules_extractor, text)
        assert ents.get(name) == typ, ents
    ents, _ = facts(rules_extractor, "江苏省促进长三角一体化发展服务中心成立。")
    assert "长三角一体化发展服务中心" not in ents
