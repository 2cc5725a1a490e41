"""Rules pass 4 (issue 10, rules that generalise over the misses of the new dev articles): each
new rule or word class with a made-up sentence (exact spans) and a near miss that must not
fire, in both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


# (sentence, label, expected (span, rule) pairs); a near miss expects [].
CASES = [
    # TARGET: a list of aims goes on past its first sentence while every clause holds a figure
    ('今年全县的主要预期目标是:财政收入增长6%左右,固定资产投资增长8%左右。农民人均可支配收入增长7%左右,失业率控制在4.5%以内。\n会议还听取了其他报告。', 'TARGET', [('财政收入增长6%左右', 'target:listed'), ('固定资产投资增长8%左右', 'target:listed'), ('农民人均可支配收入增长7%左右', 'target:listed'), ('失业率控制在4.5%以内', 'target:listed')]),
    # near miss: the next sentence holds no figure, so the list stops at the first
    ('今年全县的主要预期目标是:财政收入增长6%左右。实现这些目标,关键在落实,全年新建公园3个。', 'TARGET', [('财政收入增长6%左右', 'target:listed')]),
    # a section of plans: an aims paragraph, then a short task heading, then bare imperatives
    ('今年的主要预期目标是:地区生产总值增长5%左右,一般公共预算收入增长3%左右。\n（二）聚力科技创新,建设创新型县城。坚持创新驱动,统筹推进教育、科技、人才工作。\n壮大创新主体。实施科技型企业倍增计划,新增高新技术企业30家,技术合同成交额达到20亿元。', 'TARGET', [('地区生产总值增长5%左右', 'target:listed'), ('一般公共预算收入增长3%左右', 'target:listed'), ('新增高新技术企业30家', 'target:tasks'), ('技术合同成交额达到20亿元', 'target:tasks')]),
    # near miss: a short task heading of a review (no aims before it) opens no plans
    ('一、去年工作回顾\n（二）科技创新成效明显。坚持创新驱动,统筹推进教育、科技、人才工作,各项工作扎实。\n创新主体不断壮大。新增高新技术企业30家,技术合同成交额达到20亿元,全县创新能力显著增强。', 'TARGET', []),
    # CAMPAIGN: programme actions (升级, 转型, 防控, 清零); a second one after 和
    ('全县实施县城建设提质升级行动,开展土壤污染源头防控行动。', 'CAMPAIGN', [('县城建设提质升级行动', 'campaign:head'), ('土壤污染源头防控行动', 'campaign:head')]),
    ('大力实施美丽乡村示范创建行动和农村黑臭水体两年清零行动。', 'CAMPAIGN', [('美丽乡村示范创建行动', 'campaign:head'), ('农村黑臭水体两年清零行动', 'campaign:head')]),
    ('开展百企联百县活动,强化帮扶。', 'CAMPAIGN', [('百企联百县活动', 'campaign:head')]),
    # near miss: 行动 after a description, no launching verb
    ('干部们迅速升级行动,赶到现场。', 'CAMPAIGN', []),
    # year-of-X campaigns; a quoted 回头看; national names
    ('全市开展作风建设年活动,随后进行“回头看”,巩固扫黑除恶成果。', 'CAMPAIGN', [('作风建设年', 'campaign:head'), ('回头看', 'campaign:head'), ('扫黑除恶', 'campaign:named')]),
    ('该县深化清廉村居建设,持续整治形式主义为基层减负。', 'CAMPAIGN', [('清廉村居建设', 'pattern:clean-unit-building'), ('整治形式主义为基层减负', 'campaign:named')]),
    # HONOUR: ranking lists by size, military merit, designated enterprise classes
    ('全市12家企业入围中国民营企业500强。', 'HONOUR', [('中国民营企业500强', 'honour:conferred')]),
    ('他荣立二等功1次、三等功2次。', 'HONOUR', [('二等功', 'honour:class'), ('三等功', 'honour:class')]),
    ('今年培育8个“智造标杆”企业,“领航者”企业总量达到50家。', 'HONOUR', [('智造标杆', 'honour:class'), ('领航者', 'honour:class')]),
    # near misses: a quoted class of firm to be shut down; 一等功能 is no merit; a 500 km road
    ('依法关停“散乱污”企业20家,确保一等功能区达标,修建500公里道路。', 'HONOUR', []),
    # heads: heritage, reserves, a tally after a title; 最美…军人; a quoted award
    ('该村入选世界文化遗产名录,所在地被认定为国家级文化生态保护区。', 'HONOUR', [('世界文化遗产', 'honour:conferred'), ('国家级文化生态保护区', 'honour:conferred')]),
    ('（最美新时代革命军人）该县设立“奔牛奖”激励干部。', 'HONOUR', [('最美新时代革命军人', 'honour:merit'), ('奔牛奖', 'honour:quoted')]),
    ('国家中小企业特色产业集群数量居全国前列。', 'HONOUR', [('国家中小企业特色产业集群', 'honour:title')]),
    # near miss: 最美 describing, a quoted word that is no award
    ('这是最美的风景,大家都说“夸奖”。', 'HONOUR', []),
    # ACHIEVEMENT: a record set; units 列 and 成
    ('全年粮食总产65亿斤,创历史最高水平,中欧班列开行超800列。', 'ACHIEVEMENT', [('全年粮食总产65亿斤', 'achievement:related'), ('创历史最高水平', 'achievement:record'), ('开行超800列', 'achievement:clause')]),
    # near miss: a record aimed at
    ('今年要创历史新高。', 'ACHIEVEMENT', []),
    # SLOGAN: quoted series, a shift, one-stop units, chains of single characters, N分钟圈
    ('推行“一件事一次办”“一类事一站办”,企业从“企业跑政策”向“政策追企业”转变。', 'SLOGAN', [('一件事一次办', 'slogan:quoted'), ('一类事一站办', 'slogan:quoted'), ('企业跑政策', 'slogan:quoted'), ('政策追企业', 'slogan:quoted')]),
    ('线下依托综合窗口‘一窗受理’,变“群众来回跑”为“数据多跑路”。', 'SLOGAN', [('一窗受理', 'slogan:quoted'), ('群众来回跑', 'slogan:quoted'), ('数据多跑路', 'slogan:quoted')]),
    ('建立“选、育、管、用”机制,打造“15分钟就业服务圈”。', 'SLOGAN', [('选、育、管、用', 'slogan:quoted'), ('15分钟就业服务圈', 'slogan:circle')]),
    # near misses: quoted bodies, names of one kind, a counted series, problems
    ('依托“电商协会”“创业者协会”开办“初心课堂”“移动课堂”。', 'SLOGAN', []),
    ('设“开拓创新度”“部门协同度”3个指标,查处“违规吃喝”“违规收礼”等问题。', 'SLOGAN', []),
    # cue words after and before; national formulations
    ('推出“马上办好”服务,巩固“退后十”成果,融入共建“一带一路”。', 'SLOGAN', [('马上办好', 'slogan:quoted'), ('退后十', 'slogan:quoted'), ('一带一路', 'slogan:lexicon')]),
    ('坚持以进促稳、先立后破,坚决落实中央八项规定。', 'SLOGAN', [('以进促稳', 'slogan:lexicon'), ('先立后破', 'slogan:lexicon'), ('中央八项规定', 'slogan:lexicon')]),
    # title couplet with a double space
    ('生态人文都市区  产业创新未来城\n近年来该区发展迅速。', 'SLOGAN', [('生态人文都市区  产业创新未来城', 'slogan:couplet')]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), CASES)
def test_pass4_rules(detector: Detector, text: str, label: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, label, width) == [(written(span, width), rule) for span, rule in expected]


def test_plans_section_in_traditional_characters(detector: Detector) -> None:
    """Traditional characters: a section of plans after the aims, spans on the original text."""
    text = (
        "今年的主要預期目標是:地區生產總值增長5%左右,一般公共預算收入增長3%左右。\n"
        "（二）聚力科技創新,建設創新型縣城。堅持創新驅動,統籌推進教育、科技、人才工作。\n"
        "壯大創新主體。實施科技型企業倍增計劃,新增高新技術企業30家,技術合同成交額達到20億元。"
    )
    assert ("新增高新技術企業30家", "target:tasks") in found(detector, text, "TARGET", "ascii")
