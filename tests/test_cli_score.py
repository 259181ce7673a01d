"""``spinemet score`` and ``spinemet instruments`` through the real console script."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from tests.conftest import REPO
from tests.instruments.conftest import BARTHEL_MAX, SINS_T11


def test_score_reads_items_from_stdin_and_prints_the_result(spinemet_cli):
    done = spinemet_cli("score", "sins", stdin=json.dumps(SINS_T11))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    # domain/instruments.md §1 worked case 1 (Fisher 2010 points): 11, indeterminate.
    assert (result["total"], result["category"]) == (11, "indeterminate")
    assert list(result) == [
        "instrument", "total", "category", "interpretation", "components", "reference",
    ]  # fmt: skip


def test_score_reads_items_from_a_file(spinemet_cli, tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"escc_grade": "2"}))
    done = spinemet_cli("score", "bilsky", "--input", str(case))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["category"] == "high_grade"


def test_a_bad_value_exits_2_naming_item_value_and_allowed(spinemet_cli):
    done = spinemet_cli("score", "sins", stdin=json.dumps(SINS_T11 | {"pain": "severe"}))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "sins.pain: invalid value 'severe'; allowed: mechanical, occasional_non_mechanical" in (
        done.stderr
    )


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("", "nothing was given"),
        ("{not json", "valid JSON (line 1, column 2"),
        ("[1, 2]", "one JSON object"),
    ],
)
def test_unreadable_input_exits_2_with_a_clear_message(spinemet_cli, stdin, message):
    done = spinemet_cli("score", "vas", stdin=stdin)
    assert done.returncode == 2
    assert message in done.stderr


def test_an_unknown_instrument_lists_the_codes(spinemet_cli):
    done = spinemet_cli("score", "oswestry", stdin="{}")
    assert done.returncode == 2
    assert "instrument: invalid value 'oswestry'; allowed: sins, bilsky, tokuhashi_revised" in (
        done.stderr
    )


def test_a_missing_file_exits_2(spinemet_cli, tmp_path):
    done = spinemet_cli("score", "vas", "--input", str(tmp_path / "absent.json"))
    assert done.returncode == 2
    assert "--input" in done.stderr


def test_schema_prints_the_instruments_json_schema(spinemet_cli):
    done = spinemet_cli("score", "vas", "--schema")
    assert done.returncode == 0
    schema = json.loads(done.stdout)
    assert schema["properties"]["vas"]["anyOf"][0] == {
        "title": "Pain on a 10 cm line (0 no pain, 10 worst imaginable pain); mm: divide by 10",
        "type": "number",
        "minimum": 0,
        "maximum": 10,
        "description": "Required for the total; null or absent = missing.",
    }


def test_help_shows_an_example_and_the_items(spinemet_cli):
    done = spinemet_cli("score", "--help")
    assert done.returncode == 0
    assert "echo '{\"vas\": 7.6}' | spinemet score vas" in done.stdout
    assert "posterolateral_involvement" in done.stdout
    top = spinemet_cli("--help")
    assert "supports clinical judgement; it does not replace it" in top.stdout


def test_csv_scores_every_row_and_writes_the_table(spinemet_cli, tmp_path):
    source, target = tmp_path / "visits.csv", tmp_path / "scored.csv"
    pd.DataFrame([BARTHEL_MAX, BARTHEL_MAX | {"stairs": 0}, BARTHEL_MAX | {"stairs": None}]).to_csv(
        source, index=False
    )
    done = spinemet_cli("score", "barthel", "--csv", str(source), "--out", str(target))
    assert done.returncode == 0, done.stderr
    scored = pd.read_csv(target)
    assert scored["total"].tolist()[:2] == [100, 90]
    assert pd.isna(scored["total"][2])
    assert scored["missing"].tolist()[2] == "stairs"
    assert scored["category"].tolist()[:2] == ["independent", "moderate_dependency"]


def test_excel_in_and_out(spinemet_cli, tmp_path):
    source, target = tmp_path / "lesions.xlsx", tmp_path / "scored.xlsx"
    pd.DataFrame([SINS_T11, SINS_T11 | {"pain": "pain_free"}]).to_excel(source, index=False)
    done = spinemet_cli("score", "sins", "--csv", str(source), "--out", str(target))
    assert done.returncode == 0, done.stderr
    assert pd.read_excel(target)["total"].tolist() == [11, 8]


def test_bilsky_grades_in_a_csv_stay_codes_not_numbers(spinemet_cli, tmp_path):
    source, target = tmp_path / "escc.csv", tmp_path / "scored.csv"
    source.write_text("escc_grade\n2\n3\n0\n")
    done = spinemet_cli("score", "bilsky", "--csv", str(source), "--out", str(target))
    assert done.returncode == 0, done.stderr
    assert pd.read_csv(target)["category"].tolist() == ["high_grade", "high_grade", "low_grade"]


def test_a_bad_table_writes_nothing_and_lists_every_bad_row(spinemet_cli, tmp_path):
    source, target = tmp_path / "visits.csv", tmp_path / "scored.csv"
    source.write_text("patient_id,vas\nP1,7.5\nP2,76\nP3,seven\nP4,2\n")
    done = spinemet_cli("score", "vas", "--csv", str(source), "--out", str(target))
    assert done.returncode == 2
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [source]
    assert f"{source}: row 3: vas.vas: invalid value 76; allowed: 0 <= number <= 10" in done.stderr
    assert f"{source}: row 4: vas.vas: invalid value 'seven'" in done.stderr
    assert "2 problems" in done.stderr


def test_csv_needs_an_output_path_of_a_known_type(spinemet_cli, tmp_path):
    source = tmp_path / "v.csv"
    source.write_text("vas\n5\n")
    assert "--out" in spinemet_cli("score", "vas", "--csv", str(source)).stderr
    done = spinemet_cli("score", "vas", "--csv", str(source), "--out", str(tmp_path / "o.json"))
    assert done.returncode == 2
    assert "a file ending in .csv or .xlsx" in done.stderr


def test_instruments_lists_every_code_with_range_and_citation(spinemet_cli):
    done = spinemet_cli("instruments")
    assert done.returncode == 0
    for code in ("sins", "bilsky", "tokuhashi_revised", "barthel_20", "screw_loosening"):
        assert code in done.stdout
    assert "0-18" in done.stdout
    assert "Fisher CG" in done.stdout


def test_instruments_describes_one_instrument_from_its_spec(spinemet_cli):
    done = spinemet_cli("instruments", "tomita")
    assert done.returncode == 0
    assert "'rapid'" in done.stdout
    assert "[4 points]" in done.stdout
    assert "8-10: terminal_care" in done.stdout


def test_scoring_one_case_does_not_import_pandas_scipy_or_statsmodels():
    code = (
        "import sys\n"
        "from spinemet.cli import main\n"
        "status = main(['score', 'vas'])\n"
        "names = ('pandas', 'scipy', 'statsmodels', 'numpy')\n"
        "heavy = sorted(name for name in names if name in sys.modules)\n"
        "print(status, heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input='{"vas": 7}', capture_output=True, text=True, cwd=REPO
    )
    assert done.stdout.strip().splitlines()[-1] == "0 []"


def test_a_file_that_is_not_utf8_exits_2_naming_the_file(spinemet_cli, tmp_path):
    case = tmp_path / "case.json"
    case.write_bytes(b"\xff\xfe{}")
    done = spinemet_cli("score", "vas", "--input", str(case))
    assert done.returncode == 2
    assert f"{case}: vas items: invalid value 'byte 0xff at position 0'; allowed: UTF-8" in (
        done.stderr
    )


def test_a_json_file_with_a_byte_order_mark_is_read(spinemet_cli, tmp_path):
    case = tmp_path / "case.json"
    case.write_bytes(b'\xef\xbb\xbf{"vas": 5}')
    done = spinemet_cli("score", "vas", "--input", str(case))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["category"] == "moderate"


def test_the_scored_table_is_readable_by_colleagues_like_any_new_file(spinemet_cli, tmp_path):
    target = tmp_path / "scored.csv"
    visits = str(REPO / "examples" / "barthel_visits.csv")
    assert spinemet_cli("score", "barthel", "--csv", visits, "--out", str(target)).returncode == 0
    plain = tmp_path / "plain.csv"
    plain.write_text("x")  # the mode a plain write gets under this umask
    assert target.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777


def test_out_in_a_folder_that_does_not_exist_exits_2(spinemet_cli, tmp_path):
    visits = str(REPO / "examples" / "barthel_visits.csv")
    target = tmp_path / "absent" / "scored.csv"
    done = spinemet_cli("score", "barthel", "--csv", visits, "--out", str(target))
    assert done.returncode == 2
    assert "--out" in done.stderr
    assert "a file in an existing folder" in done.stderr
    assert not (tmp_path / "absent").exists()


def test_frankel_accepts_the_item_name_a_decision_case_uses(spinemet_cli, tmp_path):
    # A case records patient.frankel; `spinemet score frankel` takes that name for its item.
    done = spinemet_cli("score", "frankel", stdin=json.dumps({"frankel": "D"}))
    assert done.returncode == 0, done.stderr
    assert (json.loads(done.stdout)["grade"], json.loads(done.stdout)["ambulatory"]) == ("D", True)
    both = spinemet_cli("score", "frankel", stdin=json.dumps({"frankel": "D", "grade": "C"}))
    assert both.returncode == 2
    assert "frankel: invalid value 'D'; allowed: either 'grade' or 'frankel'" in both.stderr
    table = tmp_path / "frankel.csv"
    table.write_text("frankel\nA\nE\n")
    out = tmp_path / "scored.csv"
    done = spinemet_cli("score", "frankel", "--csv", str(table), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert list(pd.read_csv(out)["category"]) == ["complete", "recovery"]
