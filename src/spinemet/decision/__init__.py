"""Treatment recommendation and construct planning for spinal metastases.

A case (domain/decision.md §1) in; ranked options with cited reasons, flags, warnings and a
PPSF+PVP construct plan out (§3.4). The rules are data (``rules.yaml``, sources in
``sources.yaml``), validated when first loaded. Decision support for a multidisciplinary team,
never an order. Does not import pandas, scipy or Django.
"""

from spinemet.decision.case import Case, Lesion, Patient, parse_case
from spinemet.decision.codes import FlagCode, Option, Rating, Role, WarningCode
from spinemet.decision.levels import Level
from spinemet.decision.output import DISCLAIMER, Recommendation
from spinemet.decision.recommend import recommend
from spinemet.decision.rules import Rule, RuleSet, load_rules, parse_rules

__all__ = [
    "DISCLAIMER",
    "Case",
    "FlagCode",
    "Lesion",
    "Level",
    "Option",
    "Patient",
    "Rating",
    "Recommendation",
    "Role",
    "Rule",
    "RuleSet",
    "WarningCode",
    "load_rules",
    "parse_case",
    "parse_rules",
    "recommend",
]
