"""Benchmark: export and import of a 10,000-patient synthetic cohort in each interop format,
against the cohort's own CSV writer and reader on the same data in the same run (ratio).

Formats: REDCap record export (CSV, longitudinal), FHIR Bundle (JSON; the export also runs
the R4B model validation separately, timed on its own), SPSS and Stata (folders of .sav/.dta),
OMOP CDM v5.4 CSVs (export only: OMOP is not read back). Each time is the best of ``--repeat``
runs. Run: ``.venv/bin/python bench/bench_interop.py`` (``--n 1000`` for a quick look).
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path


def best(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    from spinemet.cohort import read_cohort, synthetic_cohort, write_cohort
    from spinemet.interop import fhir, omop, redcap_export, redcap_import, statfiles
    from spinemet.interop.fhir_read import read_fhir_bundle
    from spinemet.interop.fhir_validate import validate_fhir_bundle

    warnings.simplefilter("ignore")
    cohort = synthetic_cohort(args.n, seed=20230214)
    print(
        f"synthetic cohort: {cohort.n_patients} patients, {len(cohort.assessments)} assessments, "
        f"{len(cohort.lesions)} lesions"
    )
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        csv_out = root / "cohort"
        write_csv = best(lambda: write_cohort(cohort, csv_out), args.repeat)
        read_csv = best(lambda: read_cohort(csv_out), args.repeat)
        rows = [("cohort CSV (reference)", write_csv, read_csv)]
        redcap = root / "records.csv"
        rows.append(
            (
                "REDCap records CSV",
                best(lambda: redcap_export.write_redcap_records(cohort, redcap), args.repeat),
                best(lambda: redcap_import.read_redcap_records(redcap), args.repeat),
            )
        )
        bundle = root / "bundle.json"
        rows.append(
            (
                "FHIR Bundle JSON",
                best(lambda: fhir.write_fhir_bundle(cohort, bundle), args.repeat),
                best(lambda: read_fhir_bundle(bundle), args.repeat),
            )
        )
        for format in ("spss", "stata"):
            out = root / format
            rows.append(
                (
                    f"{format.upper()} folder",
                    best(
                        lambda out=out, f=format: statfiles.write_statfiles(cohort, out, format=f),
                        args.repeat,
                    ),
                    best(
                        lambda out=out, f=format: statfiles.read_statfiles(out, format=f),
                        args.repeat,
                    ),
                )
            )
        rows.append(
            (
                "OMOP CDM v5.4 CSVs",
                best(lambda: omop.write_omop(cohort, root / "omop"), args.repeat),
                None,
            )
        )
        data = fhir.cohort_to_fhir_bundle(cohort)
        validate = best(lambda: validate_fhir_bundle(data), 1)
    print(f"{'format':<24}{'export s':>10}{'x CSV':>8}{'import s':>10}{'x CSV':>8}")
    for name, export, read in rows:
        read_text = "" if read is None else f"{read:>10.2f}{read / read_csv:>8.1f}"
        print(f"{name:<24}{export:>10.2f}{export / write_csv:>8.1f}{read_text}")
    print(f"FHIR validation (R4B models + R4 codes) of the Bundle: {validate:.2f} s")


if __name__ == "__main__":
    main()
