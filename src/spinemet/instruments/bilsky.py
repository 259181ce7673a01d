"""Bilsky epidural spinal cord compression (ESCC) grade.

Bilsky MH, Laufer I, Fourney DR, et al. Reliability analysis of the epidural spinal cord
compression scale. J Neurosurg Spine 2010;13(3):324-8. Low/high grade grouping and the NOMS
reading: domain/instruments.md §2.
"""

from __future__ import annotations

from types import MappingProxyType

from spinemet.instruments._i18n import N_
from spinemet.instruments._spec import Choice, InstrumentSpec, Item, ItemKind, Scoring

__all__ = ["BILSKY"]

_LOW = "low_grade"
_HIGH = "high_grade"

BILSKY = InstrumentSpec(
    code="bilsky",
    name=N_("Bilsky epidural spinal cord compression grade"),
    scoring=Scoring.GRADE,
    reference=(
        "Bilsky MH, Laufer I, Fourney DR, Groff M, Schmidt MH, Varga PP, Vrionis FD, Yamada Y, "
        "Gerszten PC, Kuklo TR. Reliability analysis of the epidural spinal cord compression "
        "scale. J Neurosurg Spine. 2010;13(3):324-328. doi:10.3171/2010.3.SPINE09459"
    ),
    items=(
        Item(
            "escc_grade",
            N_("ESCC grade on axial T2-weighted MRI at the level of most severe compression"),
            ItemKind.CHOICE,
            (
                Choice("0", N_("Bone-only disease"), category=_LOW),
                Choice(
                    "1a",
                    N_("Epidural impingement, without deformation of the thecal sac"),
                    category=_LOW,
                ),
                Choice(
                    "1b",
                    N_("Deformation of the thecal sac, without spinal cord abutment"),
                    category=_LOW,
                ),
                Choice(
                    "1c",
                    N_(
                        "Deformation of the thecal sac with spinal cord abutment, "
                        "without cord compression"
                    ),
                    category=_LOW,
                    interpretation=N_("low grade (1c: cord abutment; management debated)"),
                ),
                Choice(
                    "2",
                    N_("Spinal cord compression, CSF visible around the cord"),
                    category=_HIGH,
                ),
                Choice(
                    "3",
                    N_("Spinal cord compression, no CSF visible around the cord"),
                    category=_HIGH,
                ),
            ),
        ),
    ),
    categories=MappingProxyType(
        {
            _LOW: N_(
                "low grade: radiotherapy (conventional or stereotactic by radiosensitivity) "
                "in the absence of mechanical instability (NOMS)"
            ),
            _HIGH: N_(
                "high grade: consider surgical decompression and stabilisation followed by "
                "radiotherapy, unless the tumour is highly radiosensitive (NOMS)"
            ),
        }
    ),
    sources=(
        "Laufer I, Rubin DG, Lis E, et al. The NOMS framework: approach to the treatment of "
        "spinal metastatic tumors. Oncologist. 2013;18(6):744-751. "
        "doi:10.1634/theoncologist.2012-0293",
    ),
)
