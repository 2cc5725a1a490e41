"""Rules pass 11 for SLOGAN (issue 10; tuned on the o*, f*, k* and e* articles — county and
city news, provincial reports and their targets, honours, campaigns, traditional-character
press — and checked on d*+i*+g* and every other dev article): a brand followed by 建设 or
naming a designated zone is no slogan (美丽X建设, 美丽中国先行区), nor its echo there; a longer service circle; quoted models
with a leading plus, a trailing ×, or two parts used as a means, joined by what follows,
extending 互联网+ or standing as a clause; correlative principles (谁主管谁负责); strategies of a
province named by its one-character name (人才强冀); a quoted name the text calls an app once
is an app everywhere; plan titles and roles are not slogans; national formulations of the
present vocabulary; a 、-series of topics with quoted promises of one length; a quoted ABAC
phrase; an unquoted numbered chain ending at a word boundary; 打造 and 形成 adopting a quoted
brand; 主旋律 after a quote. Each with a near miss, in both punctuation widths; each positive
case fails on the code before the pass."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


CASES = [
    # a brand named as a programme of building, or as a designated zone, is not a slogan of its own
    ("推进美丽江苏建设,擦亮生态底色。", []),
    ("全面打造美丽中国示范区。", []),
    ("共建美丽江苏,擦亮生态底色。", [("美丽江苏", "slogan:brand")]),  # near miss: another verb, no zone
    # … nor is an echo of a slogan that names a designated zone
    ("擦亮“山海花园城”品牌,建设山海花园城示范区。", [("山海花园城", "slogan:quoted")]),
    ("擦亮“山海花园城”品牌,共建山海花园城。", [("山海花园城", "slogan:quoted"), ("山海花园城", "slogan:echo")]),  # near miss
    # an N-minute service circle may name up to eight characters of what it serves
    ("建设15分钟高品质生活服务圈,方便居民。", [("15分钟高品质生活服务圈", "slogan:circle")]),
    ("乘车15分钟可到达城市商业核心圈。", []),  # near miss: nine characters, a trip, not a circle
    # a leading plus is the other half of a trailing one; a trailing × is a national action
    ("推出“旅游+”和“+旅游”模式。", [("旅游+", "slogan:model"), ("+旅游", "slogan:model")]),
    ("实施“人工智能+”“数据要素×”行动。", [("人工智能+", "slogan:model"), ("数据要素×", "slogan:model")]),
    # a two-part model used as a means, joined by what follows, extending 互联网+, or a clause
    ("以“订单+托管”带动农户增收。", [("订单+托管", "slogan:model")]),
    ("推动“科技+教育”深度融合。", [("科技+教育", "slogan:model")]),
    ("推进“互联网+医疗”。", [("互联网+医疗", "slogan:model")]),
    ("产业振兴\n“订单+托管”,拓宽农户销路。", [("订单+托管", "slogan:model")]),
    ("他们对“订单+托管”很满意。", []),  # near miss: none of those
    ("发展“文化+康养”产业。", []),  # near miss: a kind of industry
    ("以“读书+分享”活动凝聚人心。", []),  # near miss: a means, but a campaign's name
    # correlative principles are no questions
    ("明确“谁主管谁负责”。", [("谁主管谁负责", "slogan:quoted")]),
    ("落实“谁保护谁受益、谁破坏谁补偿”的责任。", [("谁保护谁受益、谁破坏谁补偿", "slogan:quoted")]),
    ("严格落实“网下管什么,网上就要管什么”原则。", [("网下管什么,网上就要管什么", "slogan:quoted")]),
    ("坚持谁主管谁负责、谁审批谁监管的原则。", [("谁主管谁负责、谁审批谁监管", "slogan:correlative")]),
    ("“谁来种地”成为难题。", []),  # near miss: a question
    ("不知道谁是谁非。", []),  # near miss: an idiom of one-character parts
    # a strategy may strengthen a province named by one character
    ("深入实施人才强豫战略。", [("人才强豫", "slogan:strategy")]),
    ("实施人才强豫计划。", []),  # near miss: no 战略
    # a quoted name once called an app is an app wherever it is quoted
    ("打开“皖事通”客户端,登录后用“皖事通”扫码。", []),
    ("打造“皖事通”品牌,用“皖事通”扫码。", [("皖事通", "slogan:quoted"), ("皖事通", "slogan:quoted")]),  # near miss
    # the title of a plan, the name of a role or of its body, is not a slogan
    ("推进“五年倍增计划”。", []),
    ("建立“社区合伙人”“楼栋带头人”等机制。", []),
    ("推进“一县一策”方案。", [("一县一策", "slogan:numbered")]),  # near miss: the plan's formulation
    ("推行“吹哨报到”机制。", [("吹哨报到", "slogan:quoted")]),  # near miss: a way of working, no role
    # national formulations of the present vocabulary, written unquoted
    ("着力稳就业、稳企业、稳市场、稳预期,坚持精准治污、科学治污、依法治污。",
     [("稳就业、稳企业、稳市场、稳预期", "slogan:lexicon"), ("精准治污、科学治污、依法治污", "slogan:lexicon")]),
    ("民生无小事,枝叶总关情。", [("民生无小事,枝叶总关情", "slogan:lexicon")]),
    ("着力稳就业、稳物价。", []),  # near miss: two tasks
    # a 、-series of topics, each with its quoted promise of one length
    ("推行审批事项“限时办结”、材料收取“容缺受理”、结果送达“免费邮寄”。",
     [("限时办结", "slogan:quoted"), ("容缺受理", "slogan:quoted"), ("免费邮寄", "slogan:quoted")]),
    ("推行审批事项“限时办结”、材料“容缺”。", []),  # near miss: promises of two lengths
    # a quoted ABAC phrase: one verb alternating over two objects
    ("大家都说“边学边改”好。", [("边学边改", "slogan:quoted")]),
    ("大家都说“学改结合”好。", []),  # near miss: no alternation
    # an unquoted numbered chain ends at a word boundary
    ("开展百企联百县活动。", []),
    ("落实三统筹三扩大四创建要求。", [("三统筹三扩大四创建", "slogan:numbered-chain")]),  # near miss
    # 打造 and 形成 adopt a quoted brand; 主旋律 after a quote names one
    ("全力打造“山海花园城”。", [("山海花园城", "slogan:quoted")]),
    ("全力打造“小食堂”。", []),  # near miss: one ordinary word
    ("逐步形成“城区研发园区生产”。", [("城区研发园区生产", "slogan:quoted")]),
    ("大家谈起“城区研发园区生产”。", []),  # near miss: a verb of talk
    ("奏响“奋斗者最美”的主旋律。", [("奋斗者最美", "slogan:quoted")]),
    ("听到“奋斗者最美”的歌声。", []),  # near miss: a song heard, no brand noun
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_pass11_slogan_rules(detector: Detector, text: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, "SLOGAN", width) == [(written(span, width), rule) for span, rule in expected]
