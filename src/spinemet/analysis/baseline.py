"""Table 1: baseline characteristics of the patients, overall and by a chosen column."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from spinemet.analysis._common import require_columns
from spinemet.cohort._settings import TABLE1_SUMMARIES
from spinemet.errors import AnalysisError, SpinemetInputError

__all__ = ["NOT_BASELINE", "BaselineTable", "baseline_table"]

NOT_BASELINE = frozenset(
    {"patient_id", "index_date", "last_contact_date", "death_date", "vital_status"}
)
"""Patient columns that are identifiers, dates or outcomes, never baseline characteristics."""

_MAX_LEVELS_NUMERIC_CATEGORICAL = 5
"""An undeclared whole-number column with at most this many values is shown as n (%)."""

SUMMARIES = TABLE1_SUMMARIES
"""How a numeric characteristic is summarised: mean (SD) or median [Q1, Q3]."""

DEFAULT_SUMMARIES: dict[str, str] = {"age": "mean_sd"}
"""Declared summaries: age is roughly symmetric in these series (mean (SD)); every other
numeric characteristic (life expectancy, counts, scores) is skewed here and is summarised as
median [Q1, Q3]. Decided before seeing the data, never by a normality pre-test."""


@dataclass(frozen=True, slots=True)
class BaselineTable:
    """Table 1 as rows (``variable``, ``level``, ``missing``, ``overall``, per group, ``p``).

    ``continuous`` are summarised as mean (SD), ``nonnormal`` as median [Q1, Q3],
    ``categorical`` as n (%). ``tests`` names the test behind each p-value when ``by`` is set.
    """

    rows: pd.DataFrame
    by: str | None
    n: int
    categorical: tuple[str, ...]
    continuous: tuple[str, ...]
    nonnormal: tuple[str, ...]
    tests: dict[str, str]
    notes: tuple[str, ...]


def _is_categorical(column: pd.Series, scale: str | None) -> bool:
    numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
    if not numeric or scale == "categorical":
        return True
    if scale == "numeric":
        return False
    values = column.dropna().to_numpy(dtype=float)
    whole = bool(np.all(values == np.round(values)))
    return whole and column.nunique() <= _MAX_LEVELS_NUMERIC_CATEGORICAL


def _kinds(
    data: pd.DataFrame,
    columns: Sequence[str],
    scales: Mapping[str, str],
    summaries: Mapping[str, str],
) -> tuple[list[str], list[str], list[str]]:
    categorical: list[str] = []
    continuous: list[str] = []
    nonnormal: list[str] = []
    for name in columns:
        column = data[name]
        if _is_categorical(column, scales.get(name)):
            categorical.append(name)
            continue
        summary = summaries.get(name, DEFAULT_SUMMARIES.get(name, "median_iqr"))
        (continuous if summary == "mean_sd" else nonnormal).append(name)
    return categorical, continuous, nonnormal


_TABLEONE_HEADERS = {"Missing", "Overall", "P-Value", "Test"}


def _header(name: str, by: str | None) -> str:
    """tableone's own headers as codes (``p_value`` -> ``pvalue``); group labels as given."""
    if name in _TABLEONE_HEADERS:
        return name.lower().replace("-", "")
    return name  # a group label (Lev+5FU) keeps its spelling


def baseline_table(
    patients: pd.DataFrame,
    *,
    by: str | None = None,
    columns: Sequence[str] | None = None,
    scales: Mapping[str, str] | None = None,
    summaries: Mapping[str, str] | None = None,
    p_values: bool = False,
    orders: Mapping[str, Sequence[str]] | None = None,
) -> BaselineTable:
    """Baseline characteristics (Table 1) with tableone, overall and by ``by``.

    Parameters
    ----------
    patients
        One row per patient.
    by
        Optional grouping column (for example ``primary_tumor``); adds per-group columns and
        p-values.
    columns
        Characteristics to show; default every column except identifiers, dates, outcomes
        (:data:`NOT_BASELINE`), ``by`` and columns that are empty for every patient.
    scales
        Column -> ``"categorical"`` or ``"numeric"``: what a column means. Default: the
        declared patient columns of the tidy cohort
        (:func:`spinemet.cohort.column_scales`).
    summaries
        Column -> ``"mean_sd"`` or ``"median_iqr"``, overriding :data:`DEFAULT_SUMMARIES`
        (``spinemet analyze --summary age=median_iqr``).
    p_values
        Compare the groups of ``by`` with tests (default off: in a comparison of treatment
        arms baseline differences are chance by design, CONSORT 2010 item 15).
    orders
        Column -> its levels in the order a table lists them (an instrument's bands from the
        lowest); levels not present are left out, unlisted ones follow.

    Returns
    -------
    BaselineTable

    Notes
    -----
    A column is classified by what it means, not by how many values it happens to have in
    this cohort: codes, yes/no, text and scores from a list (KPS, ECOG, Frankel) are
    categorical, n (%); measured numbers and counts (age, life expectancy) are numeric. A
    column not in ``scales`` is categorical when it is text or yes/no, or whole numbers with
    at most 5 distinct values, numeric otherwise. Numeric columns are summarised as declared
    (``summaries``, :data:`DEFAULT_SUMMARIES`; median [Q1, Q3] otherwise), never by a
    normality pre-test of the same data.
    Missing values are counted, not imputed. With ``by`` and ``p_values``, tableone's default
    tests compare the groups (chi-squared for n (%), one-way ANOVA for mean (SD),
    Kruskal-Wallis for median [Q1, Q3]); each row names its test.

    References
    ----------
    Pollard TJ, Johnson AEW, Raffa JD, Mark RG. tableone: an open source Python package for
    producing summary statistics for research papers. JAMIA Open. 2018;1(1):26-31.
    """
    from tableone import TableOne

    if len(patients) == 0:
        raise AnalysisError("Table 1: no patients")
    if by is not None:
        require_columns(patients, (by,), what="patients")
    if columns is None:
        columns = [
            name
            for name in patients.columns
            if name not in NOT_BASELINE and name != by and patients[name].notna().any()
        ]
    else:
        require_columns(patients, columns, what="patients")
    if not columns:
        raise AnalysisError("Table 1: the patients table has no baseline characteristics")
    data = patients[[*columns, *([by] if by else [])]].copy()
    for name in data.columns:
        if pd.api.types.is_bool_dtype(data[name]) or data[name].dtype == object:
            data[name] = data[name].astype("string").astype(object)
    if scales is None:
        from spinemet.cohort import column_scales

        scales = column_scales("patients")
    unknown = {name: value for name, value in (summaries or {}).items() if value not in SUMMARIES}
    if unknown:
        name, value = next(iter(unknown.items()))
        raise SpinemetInputError(
            f"--summary {name}", value, " or ".join(SUMMARIES), "value_not_allowed"
        )
    categorical, continuous, nonnormal = _kinds(data, columns, scales, summaries or {})
    order = {}
    for name, levels in (orders or {}).items():
        if name in categorical:
            present = set(data[name].dropna())
            listed = [level for level in levels if level in present]
            order[name] = listed + sorted(present - set(listed), key=str)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = TableOne(
            data,
            columns=list(columns),
            categorical=categorical,
            continuous=continuous + nonnormal,
            nonnormal=nonnormal,
            groupby=by,
            pval=by is not None and p_values,
            htest_name=by is not None and p_values,
            decimals=1,
            order=order or None,
        )
    notes = tuple(dict.fromkeys(" ".join(str(w.message).split()) for w in caught))
    frame = table.tableone.copy()
    frame.columns = [
        column[-1] if isinstance(column, tuple) else column for column in frame.columns
    ]
    frame = frame.reset_index()
    frame.columns = [
        "variable",
        "level",
        *[_header(str(c), by) for c in frame.columns[2:]],
    ]
    tests: dict[str, str] = {}
    if "test" in frame.columns:
        for variable, test in zip(frame["variable"], frame["test"], strict=True):
            if isinstance(test, str) and test.strip():
                tests[str(variable)] = test.strip()
    return BaselineTable(
        rows=frame,
        by=by,
        n=len(patients),
        categorical=tuple(categorical),
        continuous=tuple(continuous),
        nonnormal=tuple(nonnormal),
        tests=tests,
        notes=notes,
    )
