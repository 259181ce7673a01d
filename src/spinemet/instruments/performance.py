"""Performance status: Karnofsky (KPS) and ECOG, and the conversions between them.

Karnofsky DA, Burchenal JH 1949; Oken MM et al. Am J Clin Oncol 1982;5(6):649-55.
domain/instruments.md §6. There is no single authoritative KPS-to-ECOG table: the mapping used
is a parameter and must be recorded with any converted value.
"""

from __future__ import annotations

from types import MappingProxyType

from spinemet.errors import ItemError
from spinemet.instruments._i18n import N_
from spinemet.instruments._spec import Band, Choice, InstrumentSpec, Item, ItemKind, Scoring

__all__ = ["ECOG", "KPS", "KPS_TO_ECOG", "ecog_to_kps", "kps_to_ecog"]

_KPS_LABELS = (
    (100, N_("Normal; no complaints; no evidence of disease")),
    (90, N_("Able to carry on normal activity; minor signs or symptoms of disease")),
    (80, N_("Normal activity with effort; some signs or symptoms of disease")),
    (70, N_("Cares for self; unable to carry on normal activity or to do active work")),
    (60, N_("Requires occasional assistance but is able to care for most personal needs")),
    (50, N_("Requires considerable assistance and frequent medical care")),
    (40, N_("Disabled; requires special care and assistance")),
    (30, N_("Severely disabled; hospital admission indicated although death not imminent")),
    (20, N_("Very sick; hospital admission necessary; active supportive treatment necessary")),
    (10, N_("Moribund; fatal processes progressing rapidly")),
    (0, N_("Dead")),
)

KPS = InstrumentSpec(
    code="kps",
    name=N_("Karnofsky performance status"),
    scoring=Scoring.VALUE,
    reference=(
        "Karnofsky DA, Burchenal JH. The clinical evaluation of chemotherapeutic agents in "
        "cancer. In: MacLeod CM, ed. Evaluation of Chemotherapeutic Agents. New York: Columbia "
        "University Press; 1949:191-205."
    ),
    total_range=(0, 100),
    items=(
        Item(
            "kps",
            N_("Karnofsky performance status (%)"),
            ItemKind.INTEGER,
            tuple(Choice(value, label, value) for value, label in _KPS_LABELS),
        ),
    ),
    bands=(
        Band(
            "unable_self_care",
            N_("unable to care for self; requires institutional or hospital-equivalent care"),
            0,
            40,
        ),
        Band(
            "unable_to_work",
            N_("unable to work; lives at home and cares for most personal needs"),
            50,
            70,
        ),
        Band(
            "able_normal_activity",
            N_("able to carry on normal activity and work; no special care needed"),
            80,
            100,
        ),
    ),
    notes=N_("The three functional groups are as commonly reproduced (original unverified)."),
)

_ECOG_LABELS = (
    (0, N_("Fully active; able to carry on all pre-disease performance without restriction")),
    (
        1,
        N_(
            "Restricted in physically strenuous activity but ambulatory and able to carry out "
            "work of a light or sedentary nature"
        ),
    ),
    (
        2,
        N_(
            "Ambulatory and capable of all self-care but unable to carry out any work "
            "activities; up and about more than 50% of waking hours"
        ),
    ),
    (
        3,
        N_(
            "Capable of only limited self-care; confined to bed or chair more than 50% "
            "of waking hours"
        ),
    ),
    (4, N_("Completely disabled; cannot carry on any self-care; totally confined to bed or chair")),
    (5, N_("Dead")),
)

ECOG = InstrumentSpec(
    code="ecog",
    name=N_("ECOG performance status"),
    scoring=Scoring.VALUE,
    reference=(
        "Oken MM, Creech RH, Tormey DC, Horton J, Davis TE, McFadden ET, Carbone PP. Toxicity "
        "and response criteria of the Eastern Cooperative Oncology Group. Am J Clin Oncol. "
        "1982;5(6):649-655."
    ),
    total_range=(0, 5),
    items=(
        Item(
            "ecog",
            N_("ECOG performance status"),
            ItemKind.INTEGER,
            tuple(Choice(value, label, value) for value, label in _ECOG_LABELS),
        ),
    ),
    bands=tuple(Band(f"ecog_{value}", label, value, value) for value, label in _ECOG_LABELS),
)

KPS_TO_ECOG: MappingProxyType[str, MappingProxyType[int, int]] = MappingProxyType(
    {
        # Widely reproduced table; origin unverified (domain/instruments.md §6).
        "conventional": MappingProxyType(
            {100: 0, 90: 0, 80: 1, 70: 1, 60: 2, 50: 2, 40: 3, 30: 3, 20: 4, 10: 4, 0: 5}
        ),
        # Ma C, Bandukwala S, Burman D, et al. Eur J Cancer 2010;46(18):3175-83 (empirical).
        "ma_2010": MappingProxyType(
            {100: 0, 90: 1, 80: 1, 70: 2, 60: 2, 50: 3, 40: 3, 30: 4, 20: 4, 10: 4, 0: 5}
        ),
    }
)


def _mapping(mapping: str) -> MappingProxyType[int, int]:
    if mapping not in KPS_TO_ECOG:
        raise ItemError("mapping", mapping, ", ".join(KPS_TO_ECOG))
    return KPS_TO_ECOG[mapping]


def kps_to_ecog(kps: int, mapping: str = "conventional") -> int:
    """ECOG grade for a KPS value by a named table (``conventional`` or ``ma_2010``).

    Examples
    --------
    >>> kps_to_ecog(70), kps_to_ecog(70, "ma_2010")
    (1, 2)
    """
    table = _mapping(mapping)
    if isinstance(kps, bool) or kps not in table:
        raise ItemError("kps", kps, "0, 10, 20, ..., 100")
    return table[kps]


def ecog_to_kps(ecog: int, mapping: str = "conventional") -> tuple[int, int]:
    """The inclusive KPS range ``(low, high)`` that a table maps to an ECOG grade.

    Never a single value: the conversion loses information.

    Examples
    --------
    >>> ecog_to_kps(2)
    (50, 60)
    """
    table = _mapping(mapping)
    if isinstance(ecog, bool) or ecog not in range(6):
        raise ItemError("ecog", ecog, "0, 1, 2, 3, 4, 5")
    values = [kps for kps, grade in table.items() if grade == ecog]
    return min(values), max(values)
