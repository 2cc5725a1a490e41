"""Rules pass 10, CAMPAIGN (issue 10; tuned on the d*, l*, n*, h*, m* and i* articles, checked
on f*+k*+e* and every other dev article). Precision first: the document that sets a drive out
(…行动计划, …行动方案) is not the drive; a name that only counts (七大行动, “五个行动”) names no
drive; a plural class (一大批…行动) is not a name; festivals, contests and camps (“芦笙节”等民俗
活动, “财商特训”夏令营活动) are events, not drives. Each with a near miss, in both punctuation
widths. Then a programme of action after the verb that launches it is named however long
(实施科技成果加速转化行动), and a short name on 活动 / 运动 is a plain noun (开展助企活动); two
aims joined by 、 和 及 share one programme (实施种业振兴、粮食单产提升行动); a quoted ill under
综合整治 with a gloss in brackets (“散乱污”企业（场所）综合整治); two national short names."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


CASES = [
    # a plan document named after the drive it sets out
    ("全市实施物流强市建设行动计划,加快产业数字化。", []),
    ("今年出台“人工智能+”行动方案,支持低空经济。", []),
    # near misses: the drive itself
    ("全市实施物流强市建设行动,加快产业数字化。", [("物流强市建设行动", "campaign:head")]),
    ("今年实施“人工智能+”行动,支持低空经济。", [("“人工智能+”行动", "campaign:head")]),
    # a name that only counts the drives
    ("渝中区重点实施七大行动,推动产业升级。", []),
    ("全市启动实施“五个行动”:一是产业升级。", []),
    # near misses: a count with a name, and a quoted count as a brand
    ("全县实施十大奋进行动,推动产业升级。", [("十大奋进行动", "campaign:head")]),
    ("开展黄河流域生态保护“十大行动”,实施项目53个。", [("十大行动", "campaign:head")]),
    # a plural class of drives, not the name of one
    ("正大天晴“冲百亿”等一大批产业科技创新提质行动。", []),
    ("正大天晴开展“冲百亿”等产业科技创新提质行动。", [("“冲百亿”等产业科技创新提质行动", "campaign:head")]),
    # festivals and camps are events
    ("侗族“芦笙节”“侗年节”等民俗活动丰富多彩。", []),
    ("连续举办四届“财商特训”夏令营活动。", []),
    # near misses: the same shapes naming drives
    ("全镇开展“科技下乡”“文化进村”等活动。", [("“科技下乡”“文化进村”等活动", "campaign:head")]),
    ("连续举办四届“财商特训”活动。", [("“财商特训”活动", "campaign:head")]),
    # a programme of action however long its name, after the verb that launches it
    ("全省实施科技成果加速转化行动,建立项目库。", [("科技成果加速转化行动", "campaign:head")]),
    ("深入实施盐湖化工企业生态环境问题根治行动;推进整改。", [("盐湖化工企业生态环境问题根治行动", "campaign:head")]),
    # near misses: not launched, or a long description on 活动
    ("科技成果加速转化行动成效明显。", []),
    ("大力开展科技成果转化对接交流活动,助力企业。", []),
    # a short name on 活动 / 运动 after a launching verb is a plain noun
    ("常态化开展助企活动,成立20个工作组。", []),
    ("大规模开展植树造林活动,完成植树2.3万亩。", []),
    ("经常参加台球运动的会员有5000多名。", []),
    # near miss: a name long enough to be one
    ("各支部扎实开展党员亮身份活动,接受群众监督。", [("党员亮身份活动", "campaign:head")]),
    # two aims joined by 、 和 及 share one programme's head and launching verb
    ("深入实施种业振兴、粮食单产提升行动,推进科技协同攻关。", [("种业振兴、粮食单产提升行动", "campaign:head")]),
    ("实施增强农业质量效益和竞争力行动,加力建设设施农业。", [("增强农业质量效益和竞争力行动", "campaign:head")]),
    # near misses: two programmes each with its head, and a joint with no launching verb
    ("实施消费提质行动和服务升级行动,扩大内需。", [("消费提质行动", "campaign:head"), ("服务升级行动", "campaign:head")]),
    ("粮食安全和粮食单产提升行动成效明显。", []),
    # a quoted ill under 综合整治, a gloss in brackets inside the name
    ("深圳“散乱污”企业综合整治取得阶段性成果。", [("“散乱污”企业综合整治", "campaign:head")]),
    ("对“散乱污”企业（场所）综合整治工作进行调研。", [("“散乱污”企业（场所）综合整治", "campaign:head")]),
    # near miss: 综合整治 of ordinary work, no quoted ill
    ("全镇推进农村人居环境综合整治,村容村貌明显改善。", []),
    # national campaigns by their current short names
    ("第三轮中央生态环保督察反馈问题整改完成率达94.2%。", [("中央生态环保督察", "campaign:named")]),
    ("该中心以推进“两学一做”制度化常态化为契机。", [("两学一做", "campaign:named")]),
    ("推进“两学一做”学习教育常态化制度化。", [("两学一做", "campaign:named")]),
    # near miss: a provincial inspection team is no national campaign
    ("省生态环保督察组进驻以来,交办问题35件。", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_pass10_campaign_rules(detector: Detector, text: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, "CAMPAIGN", width) == [(written(span, width), rule) for span, rule in expected]
