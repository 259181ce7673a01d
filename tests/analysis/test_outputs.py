"""Where ``spinemet analyze`` writes: a folder, never over a file."""

from __future__ import annotations

from tests.conftest import REPO


def test_out_naming_an_existing_file_exits_2_and_leaves_it(spinemet_cli, tmp_path):
    target = tmp_path / "report"
    target.write_text("not a folder")
    done = spinemet_cli(
        "analyze", str(REPO / "examples" / "cohort"), "--out", str(target), "--quiet"
    )
    assert done.returncode == 2
    assert "--out: invalid value" in done.stderr
    assert "a folder (a file of that name exists)" in done.stderr
    assert target.read_text() == "not a folder"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report"]
