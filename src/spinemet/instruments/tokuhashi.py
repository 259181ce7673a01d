"""Revised Tokuhashi score for the prognosis of metastatic spine tumours.

Tokuhashi Y, Matsuzaki H, Oda H, Oshima M, Ryu J. A revised scoring system for preoperative
evaluation of metastatic spine tumor prognosis. Spine 2005;30(19):2186-91. Items, points and
bands: domain/instruments.md §3 (the direction of the bands is higher = longer survival; some
online copies invert it, see docs/conflicts.md).
"""

from __future__ import annotations

from spinemet.errors import ItemError
from spinemet.instruments._i18n import N_
from spinemet.instruments._spec import (
    Band,
    Choice,
    InstrumentSpec,
    Item,
    ItemKind,
    ItemValues,
    Scoring,
)

__all__ = ["TOKUHASHI_REVISED", "general_condition_from_kps", "palsy_from_frankel"]

_PRIMARY_POINTS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (0, ("lung", "osteosarcoma", "stomach", "bladder", "esophagus", "pancreas")),
    (1, ("liver", "gallbladder", "unidentified")),
    (2, ("other",)),
    (3, ("kidney", "uterus")),
    (4, ("rectum",)),
    (5, ("thyroid", "breast", "prostate", "carcinoid")),
)
_PRIMARY_LABELS = {
    "lung": N_("Lung"),
    "osteosarcoma": N_("Osteosarcoma"),
    "stomach": N_("Stomach"),
    "bladder": N_("Bladder"),
    "esophagus": N_("Oesophagus"),
    "pancreas": N_("Pancreas"),
    "liver": N_("Liver"),
    "gallbladder": N_("Gallbladder"),
    "unidentified": N_("Unidentified primary"),
    "other": N_("Other (any primary not listed in another row; colon in a literal reading)"),
    "kidney": N_("Kidney"),
    "uterus": N_("Uterus"),
    "rectum": N_("Rectum"),
    "thyroid": N_("Thyroid"),
    "breast": N_("Breast"),
    "prostate": N_("Prostate"),
    "carcinoid": N_("Carcinoid"),
}


def _primary_site_code(values: ItemValues, total: float | None) -> dict[str, object]:
    return {"primary_site_code": values["primary_site"]}


TOKUHASHI_REVISED = InstrumentSpec(
    code="tokuhashi_revised",
    name=N_("Revised Tokuhashi score"),
    scoring=Scoring.SUM,
    reference=(
        "Tokuhashi Y, Matsuzaki H, Oda H, Oshima M, Ryu J. A revised scoring system for "
        "preoperative evaluation of metastatic spine tumor prognosis. Spine (Phila Pa 1976). "
        "2005;30(19):2186-2191. doi:10.1097/01.brs.0000180401.06919.a5"
    ),
    total_range=(0, 15),
    items=(
        Item(
            "general_condition",
            N_("General condition (performance status)"),
            ItemKind.CHOICE,
            (
                Choice("poor", N_("Poor (Karnofsky 10-40%)"), 0),
                Choice("moderate", N_("Moderate (Karnofsky 50-70%)"), 1),
                Choice("good", N_("Good (Karnofsky 80-100%)"), 2),
            ),
        ),
        Item(
            "extraspinal_bone_metastases",
            N_("Number of extraspinal bone metastatic foci"),
            ItemKind.CHOICE,
            (
                Choice("three_or_more", N_("3 or more"), 0),
                Choice("one_to_two", N_("1-2"), 1),
                Choice("none", N_("0"), 2),
            ),
        ),
        Item(
            "vertebral_body_metastases",
            N_("Number of metastases in the vertebral body"),
            ItemKind.CHOICE,
            (
                Choice("three_or_more", N_("3 or more"), 0),
                Choice("two", N_("2"), 1),
                Choice("one", N_("1"), 2),
            ),
        ),
        Item(
            "major_organ_metastases",
            N_("Metastases to the major internal organs"),
            ItemKind.CHOICE,
            (
                Choice("unremovable", N_("Unremovable"), 0),
                Choice("removable", N_("Removable"), 1),
                Choice("none", N_("No metastases"), 2),
            ),
        ),
        Item(
            "primary_site",
            N_("Primary site of the cancer"),
            ItemKind.CHOICE,
            tuple(
                Choice(site, _PRIMARY_LABELS[site], points)
                for points, sites in _PRIMARY_POINTS
                for site in sites
            ),
        ),
        Item(
            "palsy",
            N_("Palsy"),
            ItemKind.CHOICE,
            (
                Choice("complete", N_("Complete (Frankel A, B)"), 0),
                Choice("incomplete", N_("Incomplete (Frankel C, D)"), 1),
                Choice("none", N_("None (Frankel E)"), 2),
            ),
        ),
    ),
    bands=(
        Band(
            "lt_6_months",
            N_("predicted survival < 6 months: conservative (non-surgical palliative) treatment"),
            0,
            8,
        ),
        Band(
            "ge_6_months",
            N_(
                "predicted survival >= 6 months: palliative surgery; excisional surgery if a "
                "single lesion and no major-organ metastases"
            ),
            9,
            11,
        ),
        Band(
            "ge_12_months",
            N_("predicted survival >= 1 year: excisional surgery"),
            12,
            15,
        ),
    ),
    extras=_primary_site_code,
    notes=N_(
        "Only rectum scores 4; colon is not listed and scores as 'other' (2) in a literal "
        "reading. Not the original 1990 score (0-12)."
    ),
)


def general_condition_from_kps(kps: int) -> str:
    """Tokuhashi ``general_condition`` from the Karnofsky score.

    Examples
    --------
    >>> [general_condition_from_kps(kps) for kps in (40, 70, 80)]
    ['poor', 'moderate', 'good']
    """
    if isinstance(kps, bool) or not isinstance(kps, int) or kps not in range(10, 101, 10):
        raise ItemError("kps", kps, "10, 20, ..., 100 (KPS 0, dead, has no general condition)")
    if kps <= 40:
        return "poor"
    return "moderate" if kps <= 70 else "good"


def palsy_from_frankel(frankel: str) -> str:
    """Tokuhashi ``palsy`` from the Frankel grade: A/B complete, C/D incomplete, E none.

    Examples
    --------
    >>> palsy_from_frankel("B"), palsy_from_frankel("D"), palsy_from_frankel("E")
    ('complete', 'incomplete', 'none')
    """
    mapping = {"A": "complete", "B": "complete", "C": "incomplete", "D": "incomplete", "E": "none"}
    if not isinstance(frankel, str) or frankel not in mapping:
        raise ItemError("frankel", frankel, "A, B, C, D, E")
    return mapping[frankel]
