"""Benchmark: vectorised scoring of whole tables against the alternatives, on the same data.

Prints rows per second of
  * ``score_frame`` (validation and scoring of every cell, components, total, category),
  * the row-by-row alternative a user would otherwise write (``score`` over ``itertuples``),
    timed on a sample and scaled,
  * a bare numpy comparison-and-sum over the same integer array (Barthel) or code array (SINS):
    the practical limit, which validates nothing and builds no table,
and their ratios, for 1,000,000 Barthel rows and 1,000,000 SINS rows; then the start-up time of
``spinemet score vas`` against ``python -c pass``.

Goals (issue #3): score_frame >= 100x the row-by-row rate; 1,000,000 rows in < 0.5 s (within
10x the numpy limit); one CLI score < 0.3 s. Run: ``.venv/bin/python bench/bench_scoring.py``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from spinemet.instruments import get_spec, score, score_frame

ROWS = 1_000_000
SAMPLE = 20_000
REPEATS = 5
SEED = 20230214


def best_seconds(function: Callable[[], object], repeats: int = REPEATS) -> float:
    """Best wall time of several runs (the least disturbed by the rest of the machine)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def barthel_table(rows: int, rng: np.random.Generator) -> pd.DataFrame:
    """Valid Barthel items, integer columns as a registry export or CSV gives them."""
    spec = get_spec("barthel")
    return pd.DataFrame(
        {item.name: rng.choice(np.array(item.codes, dtype=np.int64), rows) for item in spec.items}
    )


def sins_table(rows: int, rng: np.random.Generator) -> pd.DataFrame:
    """Valid SINS items as text codes (object columns, as read from a CSV)."""
    spec = get_spec("sins")
    return pd.DataFrame(
        {item.name: rng.choice(np.array(item.codes, dtype=object), rows) for item in spec.items}
    )


def numpy_limit_barthel(frame: pd.DataFrame) -> np.ndarray:
    """Membership test and sum on the raw integer matrix: no errors, no table, no categories."""
    matrix = frame.to_numpy()
    spec = get_spec("barthel")
    valid = np.ones(len(frame), dtype=bool)
    for column, item in enumerate(spec.items):
        valid &= np.isin(matrix[:, column], item.codes)
    return np.where(valid, matrix.sum(axis=1), -1)


def numpy_limit_sins(frame: pd.DataFrame) -> np.ndarray:
    """Comparison-and-sum on the same text arrays: ``(column == code) * points`` per code."""
    total = np.zeros(len(frame), dtype=np.int64)
    for item in get_spec("sins").items:
        column = frame[item.name].to_numpy()
        for choice in item.choices:
            total += (column == choice.code) * (choice.points or 0)
    return total


def numpy_limit_encoded(codes: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Points lookup and sum on codes already encoded as integers (encoding not counted)."""
    return points[np.arange(codes.shape[1]), codes].sum(axis=1)


def row_by_row(name: str, frame: pd.DataFrame) -> list[object]:
    """What a user writes without score_frame: the single-case scorer over itertuples."""
    columns = list(frame.columns)
    return [
        score(name, dict(zip(columns, row, strict=True))).total
        for row in frame.itertuples(index=False, name=None)
    ]


def startup(command: list[str], stdin: str) -> float:
    """Median wall time of a command over 10 runs."""
    times = []
    for _ in range(10):
        start = time.perf_counter()
        subprocess.run(command, input=stdin, capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(name: str, frame: pd.DataFrame, limit_seconds: float) -> None:
    vector = best_seconds(lambda: score_frame(name, frame))
    sample = frame.iloc[:SAMPLE]
    plain_values = sample.astype(object)  # plain Python ints, as a user's dicts would hold
    loop = best_seconds(lambda: row_by_row(name, plain_values), repeats=1) * len(frame) / SAMPLE
    print(f"\n{name}: {len(frame):,} rows")
    print(f"  score_frame            {vector:8.3f} s  {len(frame) / vector:14,.0f} rows/s")
    print(f"  row by row (scaled)    {loop:8.3f} s  {len(frame) / loop:14,.0f} rows/s")
    limit_rate = len(frame) / limit_seconds
    print(f"  numpy limit            {limit_seconds:8.3f} s  {limit_rate:14,.0f} rows/s")
    print(f"  score_frame / row by row speed-up: {loop / vector:8.0f} x   (goal >= 100 x)")
    print(f"  score_frame / numpy limit time:    {vector / limit_seconds:8.1f} x   (goal <= 10 x)")
    print(f"  1,000,000 rows in {vector * 1_000_000 / len(frame):.3f} s   (goal < 0.5 s)")


def main() -> None:
    rng = np.random.default_rng(SEED)
    print(f"spinemet scoring benchmark; numpy {np.__version__}, pandas {pd.__version__}")
    barthel = barthel_table(ROWS, rng)
    report("barthel", barthel, best_seconds(lambda: numpy_limit_barthel(barthel)))

    sins = sins_table(ROWS, rng)
    report("sins", sins, best_seconds(lambda: numpy_limit_sins(sins)))

    spec = get_spec("sins")
    codes = np.column_stack(
        [pd.Categorical(sins[item.name], categories=list(item.codes)).codes for item in spec.items]
    )
    width = max(len(item.choices) for item in spec.items)
    points = np.zeros((len(spec.items), width), dtype=np.int64)
    for row, item in enumerate(spec.items):
        points[row, : len(item.choices)] = [choice.points or 0 for choice in item.choices]
    categorical = pd.DataFrame(
        {
            item.name: pd.Categorical.from_codes(codes[:, position], categories=list(item.codes))
            for position, item in enumerate(spec.items)
        }
    )
    print(
        "\nsins, columns read as pandas categoricals of the spec's codes (read_csv dtype=category):"
    )
    report("sins", categorical, best_seconds(lambda: numpy_limit_encoded(codes, points)))

    script = str(Path(sys.executable).parent / "spinemet")
    cli = startup([script, "score", "vas"], json.dumps({"vas": 7.6}))
    bare = startup([sys.executable, "-c", "pass"], "")
    print("\nstart-up (median of 10)")
    print(f"  spinemet score vas     {cli:8.3f} s   (goal < 0.3 s)")
    print(f"  python -c pass         {bare:8.3f} s")
    print(f"  ratio                  {cli / bare:8.1f} x")


if __name__ == "__main__":
    main()
