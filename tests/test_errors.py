"""The error family: one base class, messages naming field, value and what is allowed."""

from __future__ import annotations

import pytest

from spinemet.errors import (
    MISSING,
    CaseError,
    CohortError,
    ItemError,
    Problem,
    RuleFileError,
    SpinemetError,
    SpinemetInputError,
)


@pytest.mark.parametrize("error_type", [ItemError, CaseError, CohortError, RuleFileError])
def test_input_errors_are_value_errors_of_the_spinemet_family(error_type):
    error = error_type("sins.pain", "severe", "mechanical, occasional_non_mechanical, pain_free")
    assert isinstance(error, SpinemetInputError)
    assert isinstance(error, SpinemetError)
    assert isinstance(error, ValueError)
    assert str(error) == (
        "sins.pain: invalid value 'severe'; "
        "allowed: mechanical, occasional_non_mechanical, pain_free"
    )
    assert (error.field, error.value, error.code) == ("sins.pain", "severe", "value_not_allowed")


def test_one_error_carries_every_problem_with_file_and_row():
    error = ItemError.from_problems(
        [
            Problem("vas.vas", 76, "0 <= number <= 10", row=3, file="visits.csv"),
            Problem("vas.vas", MISSING, "a column named 'vas'", "missing_column"),
        ]
    )
    assert str(error) == (
        "2 problems:\n"
        "visits.csv: row 3: vas.vas: invalid value 76; allowed: 0 <= number <= 10\n"
        "vas.vas: missing; required: a column named 'vas'"
    )
    assert error.problems[0].as_dict() == {
        "file": "visits.csv",
        "row": 3,
        "field": "vas.vas",
        "value": 76,
        "allowed": "0 <= number <= 10",
        "code": "value_not_allowed",
        "message": "visits.csv: row 3: vas.vas: invalid value 76; allowed: 0 <= number <= 10",
    }


def test_an_error_needs_at_least_one_problem():
    with pytest.raises(SpinemetError):
        ItemError.from_problems([])
