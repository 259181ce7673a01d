"""OMOP CDM v5.4: the export loads into tables built from the field-level specification."""

from __future__ import annotations

import os
import uuid

import pandas as pd
import pytest

from spinemet.errors import SpinemetWarning
from spinemet.interop.omop import OMOP_TABLES, cohort_to_omop, omop_fields, write_omop
from tests.interop.test_redcap import _awkward

PG_URL = os.environ.get("SPINEMET_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _sql_type(data_type: str) -> str:
    if data_type == "integer":
        return "BIGINT"
    if data_type == "float":
        return "DOUBLE PRECISION"
    if data_type == "datetime":
        return "TIMESTAMP"
    if data_type == "varchar(max)":
        return "TEXT"
    return data_type.upper()  # date, varchar(n)


def _ddl(schema: str) -> list[str]:
    """CREATE TABLE for all 39 CDM v5.4 tables, NOT NULL where the specification requires."""
    statements = []
    for table, fields in omop_fields().groupby("table", sort=False):
        columns = ", ".join(
            f"{row.field} {_sql_type(row.data_type)}{' NOT NULL' if row.required == 'yes' else ''}"
            for row in fields.itertuples()
        )
        statements.append(f"CREATE TABLE {schema}.{table} ({columns})")
    return statements


def test_field_file_holds_the_39_tables_of_cdm_v54():
    fields = omop_fields()
    assert fields["table"].nunique() == 39
    person = fields[fields["table"] == "person"].set_index("field")
    # OHDSI CDM v5.4 field-level specification: person.year_of_birth integer, required.
    assert person.loc["year_of_birth", "data_type"] == "integer"
    assert person.loc["year_of_birth", "required"] == "yes"


def test_every_required_field_is_filled(cohort):
    spec = omop_fields()
    tables = cohort_to_omop(cohort)
    assert tuple(tables) == OMOP_TABLES
    for table, frame in tables.items():
        required = spec[(spec["table"] == table) & (spec["required"] == "yes")]["field"]
        assert frame[list(required)].notna().all().all(), table
        assert list(frame.columns) == spec[spec["table"] == table]["field"].tolist()


def test_gender_concepts_are_omop_standard(cohort):
    person = cohort_to_omop(cohort)["person"]
    expected = cohort.patients["sex"].map({"male": 8507, "female": 8532}).tolist()
    assert person["gender_concept_id"].tolist() == expected


def test_export_loads_into_duckdb(tmp_path, cohort):
    import duckdb

    out = write_omop(cohort, tmp_path / "omop")
    connection = duckdb.connect()
    connection.execute("CREATE SCHEMA cdm")
    for statement in _ddl("cdm"):
        connection.execute(statement)
    for table in OMOP_TABLES:
        connection.execute(
            f"INSERT INTO cdm.{table} SELECT * FROM read_csv('{out / (table + '.csv')}', "
            "header=true, auto_type_candidates=['BIGINT','DOUBLE','DATE','VARCHAR'])"
        )
        count = connection.execute(f"SELECT count(*) FROM cdm.{table}").fetchone()
        assert count is not None
        assert count[0] == len(pd.read_csv(out / f"{table}.csv")), table
    assert connection.execute("SELECT count(*) FROM cdm.person").fetchone() == (cohort.n_patients,)


def _pg():
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(PG_URL, connect_timeout=3, autocommit=True)
    except psycopg.OperationalError as error:
        pytest.skip(f"NO POSTGRESQL at {PG_URL} ({error}); the OMOP PostgreSQL load is NOT tested")


@pytest.mark.parametrize("source", ["synthetic", "awkward"])
def test_export_loads_into_postgresql(tmp_path, cohort, source):
    chosen = cohort if source == "synthetic" else _awkward()
    if source == "awkward":
        chosen = type(chosen).from_tables(
            chosen.patients.assign(age=[61.0, 47.0]),
            assessments=chosen.assessments.drop(columns=["day", "total_source", "category"]),
            complications=chosen.complications,
        )
    if source == "awkward":
        with pytest.warns(SpinemetWarning, match="3 assessments without a date left out"):
            out = write_omop(chosen, tmp_path / "omop")
    else:
        out = write_omop(chosen, tmp_path / "omop")
    schema = f"omop_{uuid.uuid4().hex[:12]}"
    with _pg() as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
        try:
            for statement in _ddl(schema):
                connection.execute(statement)
            for table in OMOP_TABLES:
                columns = pd.read_csv(out / f"{table}.csv", nrows=0).columns
                copy_sql = (
                    f"COPY {schema}.{table} ({', '.join(columns)}) "
                    "FROM STDIN WITH (FORMAT csv, HEADER true)"
                )
                with connection.cursor().copy(copy_sql) as copy:
                    copy.write((out / f"{table}.csv").read_bytes())
            row = connection.execute(f"SELECT count(*) FROM {schema}.person").fetchone()
            assert row == (chosen.n_patients,)
        finally:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")
