"""The instruments spinemet scores, by code, and the single-case entry points."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from spinemet.errors import ItemError
from spinemet.instruments._result import ScoreResult
from spinemet.instruments._score import score_items
from spinemet.instruments._spec import InstrumentSpec
from spinemet.instruments.barthel import BARTHEL, BARTHEL_20
from spinemet.instruments.bauer import BAUER_MODIFIED
from spinemet.instruments.bilsky import BILSKY
from spinemet.instruments.cement_leakage import CEMENT_LEAKAGE_YEOM
from spinemet.instruments.clavien_dindo import CLAVIEN_DINDO
from spinemet.instruments.neurology import ASIA, FRANKEL
from spinemet.instruments.pain import NRS, VAS
from spinemet.instruments.performance import ECOG, KPS
from spinemet.instruments.screw_loosening import SCREW_LOOSENING
from spinemet.instruments.sins import SINS
from spinemet.instruments.tokuhashi import TOKUHASHI_REVISED
from spinemet.instruments.tomita import TOMITA

if TYPE_CHECKING:
    import pandas as pd

INSTRUMENTS: Mapping[str, InstrumentSpec] = MappingProxyType(
    {
        spec.code: spec
        for spec in (
            SINS,
            BILSKY,
            TOKUHASHI_REVISED,
            TOMITA,
            BAUER_MODIFIED,
            KPS,
            ECOG,
            FRANKEL,
            ASIA,
            VAS,
            NRS,
            BARTHEL,
            BARTHEL_20,
            CLAVIEN_DINDO,
            CEMENT_LEAKAGE_YEOM,
            SCREW_LOOSENING,
        )
    }
)
"""Every instrument, by code, in the order of domain/instruments.md."""

ALIASES: Mapping[str, str] = MappingProxyType({"cement_leakage": "cement_leakage_yeom"})
"""Other accepted names (the complication type ``cement_leakage`` scores with Yeom's types)."""


def get_spec(name: str) -> InstrumentSpec:
    """The declared spec of an instrument, by code (or alias).

    Raises
    ------
    ItemError
        For an unknown code; the message lists the codes allowed.
    """
    code = ALIASES.get(name, name) if isinstance(name, str) else name
    try:
        return INSTRUMENTS[code]
    except (KeyError, TypeError):
        raise ItemError("instrument", name, ", ".join(INSTRUMENTS), "unknown_instrument") from None


def score(name: str, items: Mapping[str, Any]) -> ScoreResult:
    """Score one case of an instrument from its raw items.

    Parameters
    ----------
    name
        Instrument code (``spinemet instruments`` lists them).
    items
        Item name to value, as in domain/instruments.md. Absent or ``None`` = missing.

    Returns
    -------
    ScoreResult
        ``total``, ``category``, ``interpretation``, ``components`` (points per item) and
        ``reference``. A missing required item gives ``total = None`` and lists it in
        ``missing``: no total is ever guessed.

    Raises
    ------
    ItemError
        An unknown item, or a value the instrument does not allow; the message names the item,
        the value and the values allowed, for every problem in the input at once.

    Examples
    --------
    >>> result = score("sins", {"location": "junctional", "pain": "mechanical",
    ...     "bone_lesion": "lytic", "radiographic_alignment": "normal",
    ...     "vertebral_body_collapse": "lt_50", "posterolateral_involvement": "unilateral"})
    >>> result.total, result.category
    (11, 'indeterminate')
    >>> score("vas", {"vas": 7.6}).category
    'severe'
    """
    return score_items(get_spec(name), items)


def score_frame(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Score every row of a table at once, vectorised (see :mod:`spinemet.instruments._frame`).

    Returns a copy of ``frame`` with ``<item>_points`` (points per item), ``total``,
    ``category`` and ``missing`` added (and the instrument's extra columns, such as
    ``total_100``). Every cell is validated and every bad one reported in one
    :class:`~spinemet.errors.ItemError` (row, item, value, allowed); nothing is returned then.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"vas": [7.6, 2.0, None]})
    >>> scored = score_frame("vas", table)
    >>> scored["total"].tolist(), scored["category"].tolist()
    ([7.6, 2.0, nan], ['severe', 'mild', nan])
    """
    from spinemet.instruments._frame import score_table

    return score_table(get_spec(name), frame)
