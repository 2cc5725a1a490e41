"""The built-in rules, one builder per rule family (one module per category).

A builder takes the loaded :class:`Resources` once (compiling its regexes from the
lexicons) and returns a function from the simplified view of a text to candidate spans.
Rules over the language, not lists of phrases: the lexicons hold the closed word classes
(commitment words, plan verbs, budget nouns, units, result verbs, campaign and honour heads,
medal heads, enterprise honour classes, merit roles, launching verbs, slogan cue words, brand qualities and province names) and a few well-known national
formulations (with their written-out enumerations) and campaign names.

Families and their rule ids (stable: annotators' acceptance rates are tracked per id):

- SLOGAN      :mod:`.slogan`       slogan:lexicon, slogan:numbered, slogan:numbered-chain,
  slogan:model, slogan:quoted, slogan:chain, slogan:couplet, slogan:compact, slogan:brand,
  slogan:strategy, slogan:circle, slogan:correlative, slogan:definition, slogan:chiasmus,
  slogan:chant, slogan:enumeration, slogan:echo
- TARGET      :mod:`.target`       target:clause, target:listed, target:bound, target:deadline,
  target:governed, target:budget, target:projection, target:tasks, target:series
- ACHIEVEMENT :mod:`.achievement`  achievement:clause, achievement:related, achievement:duration,
  achievement:rank, achievement:record, achievement:share
- CAMPAIGN    :mod:`.campaign`     campaign:named, campaign:head, campaign:study,
  campaign:rectify, campaign:list, campaign:shortened, campaign:clean, campaign:again
- HONOUR      :mod:`.honour`       honour:conferred, honour:title, honour:quoted, honour:medal,
  honour:merit, honour:class, honour:listed, honour:negative, honour:appointment, honour:echo

Scores rank the candidates (the overlap policy of :mod:`.engine` keeps the most trusted of
overlapping candidates of one label): about 0.9 for lexicon entries, 0.8 for strong
structural evidence (a quoted numbered formulation, a commitment word with its quantity),
0.5-0.65 for readings that need an annotator's eye.
"""

from __future__ import annotations

from typing import Callable, Iterable

from ..records import CandidateSpan
from ..resources import Resources
from .achievement import build_achievements
from .campaign import build_campaigns
from .honour import build_honours
from .slogan import build_slogans
from .target import build_targets

Rule = Callable[[str], Iterable[CandidateSpan]]

SLOGAN, TARGET, CAMPAIGN, HONOUR, ACHIEVEMENT = "SLOGAN", "TARGET", "CAMPAIGN", "HONOUR", "ACHIEVEMENT"

BUILDERS: tuple[Callable[[Resources], Rule], ...] = (
    build_slogans,
    build_targets,
    build_achievements,
    build_campaigns,
    build_honours,
)

__all__ = [
    "BUILDERS", "Rule", "build_achievements", "build_campaigns", "build_honours", "build_slogans", "build_targets",
]
