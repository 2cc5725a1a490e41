"""Rules pass 10, TARGET (issue 10; tuned on the n*, i*, g*, h* and m* articles, checked on d*
and f* and every other dev article): aims told from results by the words around a figure.
Each rule with a near miss, in both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


CASES = [
    # a forecast of a figure by a time ahead is a projection, and so are the sentence's later figures
    ("预计三年后旅游人数可达300万,旅游综合收入达30亿元。", "TARGET",
     [("预计三年后旅游人数可达300万", "target:projection"), ("旅游综合收入达30亿元", "target:projection")]),
    ("预计三年后旅游人数可达300万,旅游综合收入达30亿元。", "ACHIEVEMENT", []),
    ("未来三年预期文化旅游综合收入16亿元。", "TARGET", [("未来三年预期文化旅游综合收入16亿元", "target:projection")]),
    # near miss: a bare forecast of the year's figure stays a result (codebook)
    ("预计全年完成旅游综合收入20亿元,同比增长8%。", "TARGET", []),
    ("去年旅游人数达300万,旅游综合收入达30亿元。", "TARGET", []),
    # 计划 as a noun (a programme's name, a measure of a plan) and last year's plan are no aims
    ("“满天星”行动计划年度综合排名均居全市前列。", "TARGET", []),
    ("去年本级政府投资项目计划共安排588个,计划完成率119.3%。", "TARGET", []),
    ("全县督检考计划事项较2023年减少6项。", "TARGET", []),
    # near miss: 计划 as a verb of this year's plan
    ("该区计划年度综合排名均居全市前列。", "TARGET", [("计划年度综合排名均居全市前列", "target:clause")]),
    ("今年本级政府投资项目计划共安排600个。", "TARGET", [("计划共安排600个", "target:clause")]),
    # a sum compared with last year, or invested again (又投资), is a result, not a budget plan
    ("今年上半年,该县完成财政收入9.63亿元,同比下滑31.4%。", "TARGET", []),
    ("今年,杨茂华又投资198万元,新上第二条生产线。", "TARGET", []),
    ("今年,杨茂华又投资198万元,新上第二条生产线。", "ACHIEVEMENT", [("投资198万元", "achievement:clause")]),
    # near miss: the same sums planned
    ("今年,杨茂华将投资198万元,新上第二条生产线。", "TARGET", [("杨茂华将投资198万元", "target:budget")]),
    # 将 as a preposition (将…纳入…) plans nothing: the paragraph reports what was done
    ("该县常态化开展助企活动,成立20个助企服务工作组,将478家重点企业和109个重点项目纳入领导干部包保,解决企业问题2400余个。",
     "TARGET", []),
    ("该县常态化开展助企活动,成立20个助企服务工作组,将478家重点企业和109个重点项目纳入领导干部包保,解决企业问题2400余个。",
     "ACHIEVEMENT", [("成立20个助企服务工作组", "achievement:clause"),
                     ("将478家重点企业和109个重点项目纳入领导干部包保", "achievement:clause"),  # rules pass 11: 将 as a preposition
                     ("解决企业问题2400余个", "achievement:clause")]),
    # near miss: 将 as the modal of a plan
    ("该县常态化开展助企活动,将加快成立20个助企服务工作组,走访重点企业478家。", "TARGET",
     [("将加快成立20个助企服务工作组", "target:governed"), ("走访重点企业478家", "target:governed")]),
    # a sentence about a named year (after a label or an ellipsis, or between two years) looks back
    ("产业发展:2018年景区实现接待各类游客108万人次,旅游综合收入3.24亿元。预计未来三年,游客接待量将达到260万人次。", "TARGET",
     [("游客接待量将达到260万人次", "target:governed")]),
    ("产业发展:2018年景区实现接待各类游客108万人次,旅游综合收入3.24亿元。预计未来三年,游客接待量将达到260万人次。", "ACHIEVEMENT",
     [("实现接待各类游客108万人次", "achievement:clause"), ("旅游综合收入3.24亿元", "achievement:clause")]),
    ("游客量从2012年的129万人次增长至2018年的463万人次,文化旅游总收入达18.64亿元。今年力争创成国家5A级旅游景区。", "ACHIEVEMENT",
     [("游客量从2012年的129万人次增长至2018年的463万人次", "achievement:clause"), ("文化旅游总收入达18.64亿元", "achievement:clause")]),
    ("村民发展大樱桃种植项目,创办鲜食玉米加工厂……2024年,全县集体经济收入超过20万元的村达134个。我们要持续深入实施头雁工程。",
     "TARGET", []),
    # near miss: without its year, the same sentence among plans is a task (and, since rules pass 11,
    # the next item of its series too)
    ("产业发展:景区新增接待各类游客108万人次,旅游综合收入3.24亿元。预计未来三年,游客接待量将达到260万人次。", "TARGET",
     [("景区新增接待各类游客108万人次", "target:tasks"), ("旅游综合收入3.24亿元", "target:series"),
      ("游客接待量将达到260万人次", "target:governed")]),
    # a paragraph opened by a task title in the imperative, reporting nothing done, is a paragraph
    # of plans (取得更大成效 is still to be won)
    ("扎实推进乡村建设治理。科学制定村庄发展规划,合理确定村庄分类布局。深入开展人居环境整治,提质改造农村公路差等路1200公里,完成农村危房改造和农房抗震改造7500户左右。推动遵义建设省域副中心取得更大成效。", "TARGET",
     [("提质改造农村公路差等路1200公里", "target:tasks"), ("完成农村危房改造和农房抗震改造7500户左右", "target:tasks")]),
    ("扎实推进乡村建设治理。科学制定村庄发展规划,合理确定村庄分类布局。深入开展人居环境整治,提质改造农村公路差等路1200公里,完成农村危房改造和农房抗震改造7500户左右。推动遵义建设省域副中心取得更大成效。", "ACHIEVEMENT", []),
    # near misses: years gone by (连续3年) in it, or a title that reports (乡村建设治理扎实推进)
    ("扎实推进乡村建设治理。科学制定村庄发展规划,合理确定村庄分类布局。该县连续3年开展人居环境整治,提质改造农村公路差等路1200公里,完成农村危房改造和农房抗震改造7500户左右。推动遵义建设省域副中心取得更大成效。", "TARGET", []),
    ("乡村建设治理扎实推进。科学制定村庄发展规划,合理确定村庄分类布局。深入开展人居环境整治,提质改造农村公路差等路1200公里,完成农村危房改造和农房抗震改造7500户左右。推动遵义建设省域副中心取得更大成效。", "TARGET", []),
    ("乡村建设治理扎实推进。科学制定村庄发展规划,合理确定村庄分类布局。深入开展人居环境整治,提质改造农村公路差等路1200公里,完成农村危房改造和农房抗震改造7500户左右。推动遵义建设省域副中心取得更大成效。", "ACHIEVEMENT",
     [("改造农村公路差等路1200公里", "achievement:clause"), ("完成农村危房改造和农房抗震改造7500户左右", "achievement:clause")]),
    # among plans, a rate held to a bound or a share to reach is an indicator to meet
    ("扎实推进乡村建设治理。科学制定村庄发展规划,合理确定村庄分类布局。深入开展人居环境整治,农村生活垃圾收运体系覆盖率不低于98%,规模化供水工程覆盖农村人口比例达53%,农村公路优良中等路比率稳定在85%以上。", "TARGET",
     [("农村生活垃圾收运体系覆盖率不低于98%", "target:tasks"), ("规模化供水工程覆盖农村人口比例达53%", "target:tasks"),
      ("农村公路优良中等路比率稳定在85%以上", "target:bound")]),
    ("扎实推进乡村建设治理。科学制定村庄发展规划,合理确定村庄分类布局。深入开展人居环境整治,农村生活垃圾收运体系覆盖率不低于98%,规模化供水工程覆盖农村人口比例达53%,农村公路优良中等路比率稳定在85%以上。", "ACHIEVEMENT", []),
    # near miss: routines (每…不少于, 按…比例, 不超过) stay no aims
    ("扎实推进乡村建设治理。科学制定村庄发展规划,合理确定村庄分类布局。深入开展人居环境整治,每村开展清洁活动不少于2次,村级保洁员按常住人口比例配备,每名保洁员负责道路不超过3公里。", "TARGET", []),
    # a date still to come is the plan word of a completion (年内该路段完工后, 年底前全部建成投用)
    ("该公路是通往景区的唯一通道,年内该路段完工后,将全面提升当地旅游服务水平。", "TARGET",
     [("年内该路段完工", "target:deadline")]),
    ("年底前全部建成投用。", "TARGET", [("年底前全部建成投用", "target:deadline")]),
    # near miss: a completion past
    ("该公路是通往景区的唯一通道,去年该路段完工后,当地旅游服务水平全面提升。", "TARGET", []),
    # zero as the figure committed to; zero tolerance is no figure
    ("检查组坚决落实“控增量,消存量,确保散乱污企业零增长”的要求。", "TARGET", [("确保散乱污企业零增长", "target:clause")]),
    ("该局坚持对腐败零容忍。", "TARGET", []),
    # a year before a strong commitment with no figure is its deadline
    ("2020年力争创成国家5A级旅游景区。", "TARGET", [("2020年力争创成国家5A级旅游景区", "target:deadline")]),
    ("2020年该景区创成国家5A级旅游景区。", "TARGET", []),
    # among plans, a verb right before a count names the task's object after it (加快建设6个…项目)
    ("坚决扛牢粮食安全责任。严守耕地红线,深入实施粮食产能提升行动,分区分类推进高标准农田建设,有序推进林耕空间置换,进一步优化耕地林地布局。加强地方储备粮管理和流通监管,加快建设6个省级粮油仓储设施项目,提高粮食应急保障能力。", "TARGET",
     [("加快建设6个省级粮油仓储设施项目", "target:tasks")]),
    # near miss: people counted who do the rest are no object of a task
    ("坚决扛牢粮食安全责任。严守耕地红线,深入实施粮食产能提升行动,分区分类推进高标准农田建设,有序推进林耕空间置换,进一步优化耕地林地布局。加强地方储备粮管理和流通监管,组织200余名农技人员深入田间指导生产。", "TARGET", []),
    # 全力 (an effort still to make) and 如何 (the way to an aim asked) frame aims, not results
    ("围绕创新和智造,全力推动智能电网产业突破2000亿元级。", "TARGET", [("突破2000亿元级", "target:clause")]),
    ("围绕创新和智造,全力推动智能电网产业突破2000亿元级。", "ACHIEVEMENT", []),
    ("深圳如何实现GDP增长6%:稳住制造业基本盘", "ACHIEVEMENT", []),
    # near miss: the same figure reached
    ("围绕创新和智造,智能电网产业突破2000亿元。", "TARGET", []),
    ("围绕创新和智造,智能电网产业突破2000亿元。", "ACHIEVEMENT", [("突破2000亿元", "achievement:clause")]),
    # a time limit before 的 is a modifier, not a deadline
    ("居民承担剩余资金,加装电梯五年内的维保费用也有减免。", "TARGET", []),
    ("接到投诉后,3天内必须反馈办理情况。", "TARGET", [("3天内必须反馈办理情况", "target:deadline")]),
    # 将 as a preposition and a plan's completion rate make no sentence about plans: sums are results
    ("2018年,庐江县旅游投资发展公司投资3000余万元,将安凹改造成全县首家精品民宿。", "TARGET", []),
    ("2021年完成投资达596.3亿元,计划完成率119.3%。", "TARGET", []),
    ("2021年完成投资达596.3亿元,计划完成率119.3%。", "ACHIEVEMENT",
     [("完成投资达596.3亿元", "achievement:clause"), ("计划完成率119.3%", "achievement:clause")]),  # pass 11: a rate reported
    # near miss: 将 as the modal
    ("今年,庐江县旅游投资发展公司将投资3000余万元,改造全县首家精品民宿。", "TARGET", [("庐江县旅游投资发展公司将投资3000余万元", "target:budget")]),
    # a plan cited as the source (根据计划,…): what follows is the plan's
    ("根据计划,2022年,深圳安排市政府投资项目522个,年度计划投资规模为550亿元。", "TARGET",
     [("深圳安排市政府投资项目522个", "target:governed"), ("年度计划投资规模为550亿元", "target:clause")]),
    ("根据计划,2022年,深圳安排市政府投资项目522个,年度计划投资规模为550亿元。", "ACHIEVEMENT", []),
    # near miss: statistics cited are results
    ("据统计,2022年,深圳安排市政府投资项目522个。", "TARGET", []),
    # 项 before 目 is the first character of 项目, not a unit (百亿项目: projects of a class); near
    # miss in the same sentence: 10项 is a count
    ("今年要加快推进新型材料、节能环保等产业布局,力促百亿项目有新成效,确保新签约项目10项以上。", "TARGET",
     [("确保新签约项目10项以上", "target:clause")]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), CASES)
def test_pass10_target_rules(detector: Detector, text: str, label: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, label, width) == [(written(span, width), rule) for span, rule in expected]
