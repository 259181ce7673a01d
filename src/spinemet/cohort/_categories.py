"""The category of instrument totals, column-wise, from the instrument's declared bands."""

from __future__ import annotations

import numpy as np
import pandas as pd

from spinemet.instruments import get_spec

__all__ = ["categorize"]


def categorize(instrument: str, totals: pd.Series | np.ndarray) -> np.ndarray:
    """The band code of each total (``None`` where the total is missing or has no band).

    Examples
    --------
    >>> categorize("vas", np.array([7.6, 2.0, np.nan])).tolist()
    ['severe', 'mild', None]
    """
    spec = get_spec(instrument)
    numbers = np.asarray(pd.to_numeric(pd.Series(totals), errors="coerce"), dtype=np.float64)
    numbers = numbers * spec.band_factor
    result = np.full(len(numbers), None, dtype=object)
    for band in spec.bands:
        upper = numbers <= band.high if band.high_inclusive else numbers < band.high
        result[(numbers >= band.low) & upper] = band.code
    return result
