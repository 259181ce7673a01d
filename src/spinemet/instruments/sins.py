"""Spinal Instability Neoplastic Score (SINS).

Fisher CG, DiPaola CP, Ryken TC, et al. A novel classification system for spinal instability in
neoplastic disease: an evidence-based approach and expert consensus from the Spine Oncology
Study Group. Spine 2010;35(22):E1221-9. Items, points and bands: domain/instruments.md §1.
"""

from __future__ import annotations

from spinemet.errors import ItemError
from spinemet.instruments._i18n import N_
from spinemet.instruments._spec import Band, Choice, InstrumentSpec, Item, ItemKind, Scoring

__all__ = ["SINS", "sins_location_from_level"]

REFERENCE = (
    "Fisher CG, DiPaola CP, Ryken TC, Bilsky MH, Shaffrey CI, Berven SH, et al. A novel "
    "classification system for spinal instability in neoplastic disease: an evidence-based "
    "approach and expert consensus from the Spine Oncology Study Group. Spine (Phila Pa 1976). "
    "2010;35(22):E1221-E1229. doi:10.1097/BRS.0b013e3181e16ae2"
)

SINS = InstrumentSpec(
    code="sins",
    name=N_("Spinal Instability Neoplastic Score"),
    scoring=Scoring.SUM,
    reference=REFERENCE,
    total_range=(0, 18),
    items=(
        Item(
            "location",
            N_("Location of the lesion"),
            ItemKind.CHOICE,
            (
                Choice("junctional", N_("Junctional (occiput-C2, C7-T2, T11-L1, L5-S1)"), 3),
                Choice("mobile", N_("Mobile spine (C3-C6, L2-L4)"), 2),
                Choice("semi_rigid", N_("Semi-rigid (T3-T10)"), 1),
                Choice("rigid", N_("Rigid (S2-S5)"), 0),
            ),
        ),
        Item(
            "pain",
            N_("Pain"),
            ItemKind.CHOICE,
            (
                Choice(
                    "mechanical",
                    N_(
                        "Mechanical pain: relief with recumbency and/or pain with "
                        "movement or loading"
                    ),
                    3,
                ),
                Choice("occasional_non_mechanical", N_("Occasional pain but not mechanical"), 1),
                Choice("pain_free", N_("Pain-free lesion"), 0),
            ),
        ),
        Item(
            "bone_lesion",
            N_("Bone lesion"),
            ItemKind.CHOICE,
            (
                Choice("lytic", N_("Lytic"), 2),
                Choice("mixed", N_("Mixed lytic/blastic"), 1),
                Choice("blastic", N_("Blastic"), 0),
            ),
        ),
        Item(
            "radiographic_alignment",
            N_("Radiographic spinal alignment"),
            ItemKind.CHOICE,
            (
                Choice("subluxation_translation", N_("Subluxation/translation present"), 4),
                Choice("de_novo_deformity", N_("De novo deformity (kyphosis/scoliosis)"), 2),
                Choice("normal", N_("Normal alignment"), 0),
            ),
        ),
        Item(
            "vertebral_body_collapse",
            N_("Vertebral body collapse"),
            ItemKind.CHOICE,
            (
                Choice("gt_50", N_("More than 50% collapse"), 3),
                Choice("lt_50", N_("Less than 50% collapse"), 2),
                Choice(
                    "no_collapse_gt_50_involved",
                    N_("No collapse with more than 50% of the body involved"),
                    1,
                ),
                Choice("none", N_("None of the above"), 0),
            ),
        ),
        Item(
            "posterolateral_involvement",
            N_("Posterolateral involvement of spinal elements"),
            ItemKind.CHOICE,
            (
                Choice(
                    "bilateral",
                    N_(
                        "Bilateral (facet, pedicle or costovertebral joint fracture or replacement)"
                    ),
                    3,
                ),
                Choice("unilateral", N_("Unilateral"), 1),
                Choice("none", N_("None of the above"), 0),
            ),
        ),
    ),
    bands=(
        Band("stable", N_("stable"), 0, 6),
        Band(
            "indeterminate",
            N_("indeterminate (possibly impending) instability; surgical consultation recommended"),
            7,
            12,
        ),
        Band("unstable", N_("instability; surgical consultation recommended"), 13, 18),
    ),
    notes=N_(
        "Score the index (most unstable) lesion. Exactly 50% collapse is not defined by the "
        "source; the scorer takes codes only."
    ),
)

_LOCATION_BY_LEVEL: dict[str, str] = {
    **{f"C{n}": "junctional" for n in (0, 1, 2, 7)},
    **{f"C{n}": "mobile" for n in range(3, 7)},
    **{f"T{n}": "junctional" for n in (1, 2, 11, 12)},
    **{f"T{n}": "semi_rigid" for n in range(3, 11)},
    "L1": "junctional",
    **{f"L{n}": "mobile" for n in range(2, 5)},
    "L5": "junctional",
    "S1": "junctional",
    **{f"S{n}": "rigid" for n in range(2, 6)},
}


def sins_location_from_level(level: str) -> str:
    """The SINS ``location`` code of a vertebral level.

    Parameters
    ----------
    level
        ``C0`` (occiput) to ``S5``, upper case, as ``T11`` or ``L1``.

    Returns
    -------
    str
        ``junctional``, ``mobile``, ``semi_rigid`` or ``rigid`` (Fisher 2010).

    Raises
    ------
    ItemError
        For the coccyx, transitional levels (``T13``, ``L6``) or unparsable text: transitional
        anatomy is a clinical decision, not a lookup.

    Examples
    --------
    >>> sins_location_from_level("T11"), sins_location_from_level("T6")
    ('junctional', 'semi_rigid')
    """
    try:
        return _LOCATION_BY_LEVEL[level]
    except (KeyError, TypeError):
        raise ItemError(
            "sins.level", level, "C0 (occiput)-C7, T1-T12, L1-L5, S1-S5", "value_not_allowed"
        ) from None
