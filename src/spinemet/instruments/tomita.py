"""Tomita score: surgical strategy for spinal metastases.

Tomita K, Kawahara N, Kobayashi T, Yoshida A, Murakami H, Akamaru T. Surgical strategy for
spinal metastases. Spine 2001;26(3):298-306. Items, points and bands: domain/instruments.md §4.
"""

from __future__ import annotations

from spinemet.instruments._i18n import N_
from spinemet.instruments._spec import Band, Choice, InstrumentSpec, Item, ItemKind, Scoring

__all__ = ["TOMITA"]

TOMITA = InstrumentSpec(
    code="tomita",
    name=N_("Tomita score"),
    scoring=Scoring.SUM,
    reference=(
        "Tomita K, Kawahara N, Kobayashi T, Yoshida A, Murakami H, Akamaru T. Surgical strategy "
        "for spinal metastases. Spine (Phila Pa 1976). 2001;26(3):298-306. "
        "doi:10.1097/00007632-200102010-00016"
    ),
    total_range=(2, 10),
    items=(
        Item(
            "primary_tumor_growth",
            N_("Growth of the primary tumour"),
            ItemKind.CHOICE,
            (
                Choice("slow", N_("Slow growth (e.g. breast, thyroid, prostate)"), 1),
                Choice("moderate", N_("Moderate growth (e.g. kidney, uterus)"), 2),
                Choice(
                    "rapid",
                    N_("Rapid growth (e.g. lung, liver, stomach, colon, unknown primary)"),
                    4,
                ),
            ),
        ),
        Item(
            "visceral_metastases",
            N_("Visceral metastases"),
            ItemKind.CHOICE,
            (
                Choice("none", N_("No visceral metastases"), 0),
                Choice("treatable", N_("Treatable"), 2),
                Choice("untreatable", N_("Untreatable"), 4),
            ),
        ),
        Item(
            "bone_metastases",
            N_("Bone metastases"),
            ItemKind.CHOICE,
            (
                Choice("solitary", N_("Solitary or isolated (spinal metastases included)"), 1),
                Choice("multiple", N_("Multiple"), 2),
            ),
        ),
    ),
    bands=(
        Band(
            "long_term_local_control",
            N_(
                "long-term local control: wide or marginal excision "
                "(e.g. total en bloc spondylectomy)"
            ),
            2,
            3,
        ),
        Band(
            "middle_term_local_control",
            N_("middle-term local control: marginal or intralesional excision"),
            4,
            5,
        ),
        Band("short_term_palliation", N_("short-term palliation: palliative surgery"), 6, 7),
        Band("terminal_care", N_("terminal care: non-operative supportive care"), 8, 10),
    ),
    notes=N_(
        "The scorer takes the growth category, not the primary site; the example tumours are "
        "illustrative."
    ),
)
