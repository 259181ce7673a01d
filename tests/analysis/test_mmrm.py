"""MMRM (unstructured covariance, REML, Satterthwaite) against R 4.2.2, nlme 3.1.162 and
emmeans 1.8.4.1 (/work/notes/r/mmrm.R):

fit <- gls(total ~ visit, data = d, correlation = corSymm(form = ~ vnum | patient_id),
           weights = varIdent(form = ~ 1 | visit), method = "REML", na.action = na.omit)
em <- emmeans(fit, ~ visit, mode = "satterthwaite", data = d)
summary(contrast(em, "trt.vs.ctrl", ref = 1, adjust = "none"), infer = TRUE)

emmeans has no analytical Satterthwaite for gls and prints "using appx-satterthwaite": its df
are a numerical approximation, 20.87 where the exact value on complete balanced data is
n - 1 = 21 (the LS mean is then the sample mean). Estimates and SEs are compared to 1e-6,
the df to emmeans' approximation within 2 % and to the exact value where theory gives it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from spinemet.analysis.mmrm import fit_mmrm
from spinemet.errors import SmallSampleWarning

from .conftest import DATA, ROUNDING_VISITS

VAS_VISITS = ["preop", "d7", "m3", "m6"]


def _rounding(name: str) -> pd.DataFrame:
    frame = pd.read_csv(DATA / name)
    return frame.rename(columns={"subject": "patient_id", "cond": "visit", "value": "total"})


@pytest.fixture(scope="module")
def vas() -> pd.DataFrame:
    """Synthetic VAS of 60 patients (spinemet synthetic_cohort(n=60, seed=11)) with deaths
    before the later visits: 7 patterns of observed visits; age per patient."""
    return pd.read_csv(DATA / "mmrm_vas.csv")


def test_mmrm_on_balanced_data_matches_nlme_gls_and_has_exact_df(rounding_long):
    result = fit_mmrm(rounding_long, visits=ROUNDING_VISITS)
    assert (result.covariance, result.converged, result.fallback) == ("unstructured", True, None)
    # R: emmean 5.543181818 5.534090909 5.459090909; SE 0.05794977021 0.05538006518
    #    0.05816794939
    assert [m.estimate for m in result.ls_means] == pytest.approx(
        [5.543181818, 5.534090909, 5.459090909], rel=1e-9
    )
    assert [m.se for m in result.ls_means] == pytest.approx(
        [0.05794977021, 0.05538006518, 0.05816794939], rel=1e-6
    )
    # R contrasts: -0.009090909091 SE 0.02624319551; -0.08409090909 SE 0.03144884753
    assert [c.estimate for c in result.contrasts] == pytest.approx(
        [-0.009090909091, -0.08409090909], rel=1e-9
    )
    assert [c.se for c in result.contrasts] == pytest.approx(
        [0.02624319551, 0.03144884753], rel=1e-6
    )
    # complete balanced data: each LS mean and contrast has exactly n - 1 = 21 df
    assert [m.df for m in result.ls_means] == pytest.approx([21.0] * 3, rel=1e-6)
    assert [c.df for c in result.contrasts] == pytest.approx([21.0] * 2, rel=1e-6)
    # emmeans' appx-satterthwaite: 21.0560998, 21.06512661; p 0.7324722238, 0.01418435309
    assert [c.df for c in result.contrasts] == pytest.approx([21.0560998, 21.06512661], rel=0.02)
    assert [c.p for c in result.contrasts] == pytest.approx([0.7324722238, 0.01418435309], rel=0.01)


def test_mmrm_on_unbalanced_data_matches_nlme_gls(rounding_long):
    result = fit_mmrm(_rounding("rounding_times_unbalanced.csv"), visits=ROUNDING_VISITS)
    assert result.covariance == "unstructured"
    assert (result.n_patients, result.n_observations) == (22, 59)
    # R: emmean 5.543181818 5.54934928 5.449965943; SE 0.057949763 0.05604363585 0.05913431859
    assert [m.estimate for m in result.ls_means] == pytest.approx(
        [5.543181818, 5.54934928, 5.449965943], rel=1e-7
    )
    assert [m.se for m in result.ls_means] == pytest.approx(
        [0.057949763, 0.05604363585, 0.05913431859], rel=1e-6
    )
    # R: 0.006167462274 SE 0.02362652759 df 21.26698465 p 0.7965730502
    #    -0.09321587542 SE 0.03152381987 df 21.66622882 p 0.00736169538
    assert [c.estimate for c in result.contrasts] == pytest.approx(
        [0.006167462274, -0.09321587542], rel=1e-6
    )
    assert [c.se for c in result.contrasts] == pytest.approx(
        [0.02362652759, 0.03152381987], rel=1e-6
    )
    assert [c.df for c in result.contrasts] == pytest.approx([21.26698465, 21.66622882], rel=0.02)
    assert [c.p for c in result.contrasts] == pytest.approx([0.7965730502, 0.00736169538], rel=0.01)


def test_mmrm_with_deaths_and_a_covariate_matches_nlme_gls_and_emmeans(vas):
    result = fit_mmrm(vas, visits=VAS_VISITS, covariates=["age"])
    assert (result.n_patterns, result.covariance) == (7, "unstructured")
    # R (vas + age): emmean 7.721201402 2.99944402 2.576051349 2.797735578
    #    SE 0.1139926398 0.1648845021 0.1479101357 0.1462895943
    assert [m.estimate for m in result.ls_means] == pytest.approx(
        [7.721201402, 2.99944402, 2.576051349, 2.797735578], rel=1e-6
    )
    assert [m.se for m in result.ls_means] == pytest.approx(
        [0.1139926398, 0.1648845021, 0.1479101357, 0.1462895943], rel=1e-5
    )
    # R contrasts: -4.721757381 -5.145150053 -4.923465824; SE 0.1492065895 0.1410395058
    #    0.1345910382; df 57.67082478 53.67009908 47.87150875
    assert [c.estimate for c in result.contrasts] == pytest.approx(
        [-4.721757381, -5.145150053, -4.923465824], rel=1e-6
    )
    assert [c.se for c in result.contrasts] == pytest.approx(
        [0.1492065895, 0.1410395058, 0.1345910382], rel=1e-5
    )
    assert [c.df for c in result.contrasts] == pytest.approx(
        [57.67082478, 53.67009908, 47.87150875], rel=0.02
    )
    # R getVarCov(fit)[1, ]: 0.7776023236 0.5358227591 0.4484465043 0.4876747424
    assert result.covariance_matrix[0] == pytest.approx(
        (0.7776023236, 0.5358227591, 0.4484465043, 0.4876747424), rel=1e-4
    )


def test_mmrm_contrasts_are_holm_adjusted_across_visits(vas):
    result = fit_mmrm(vas, visits=VAS_VISITS)
    p = sorted(c.p for c in result.contrasts)
    holm = sorted(c.p_holm for c in result.contrasts)
    assert holm[0] == pytest.approx(3 * p[0])
    assert all(c.p_holm >= c.p for c in result.contrasts)


def test_mmrm_falls_back_to_compound_symmetry_when_two_visits_are_never_seen_together():
    rng = np.random.default_rng(3)
    level = rng.normal(5, 2, 24)  # a patient effect, so compound symmetry has one to find
    rows = [(f"P{i}", "a", level[i] + rng.normal()) for i in range(24)]
    rows += [(f"P{i}", "b", level[i] - 1 + rng.normal()) for i in range(12)]
    rows += [(f"P{i}", "c", level[i] - 2 + rng.normal()) for i in range(12, 24)]
    frame = pd.DataFrame(rows, columns=["patient_id", "visit", "total"])
    result = fit_mmrm(frame, visits=["a", "b", "c"])
    assert result.covariance == "compound_symmetry"
    assert result.fallback == "two visits are observed together in fewer than 2 patients"
    assert any("compound symmetry used" in caveat for caveat in result.caveats)


def test_mmrm_does_not_modify_its_input(vas):
    before = vas.copy()
    fit_mmrm(vas, visits=VAS_VISITS, covariates=["age"])
    pd.testing.assert_frame_equal(vas, before)
    assert np.isfinite(before["total"]).all()


def test_an_unusable_unstructured_fit_falls_back_with_a_caveat_instead_of_crashing():
    """The shipped 5-patient example with age: the unstructured optimum's information matrix
    is not finite (eigvalsh raised LinAlgError: an internal error of `analyze`)."""
    from spinemet.analysis.pipeline import _with_patient_columns
    from spinemet.cohort import read_cohort
    from tests.conftest import REPO

    cohort = read_cohort(REPO / "examples" / "cohort")
    frame = cohort.outcome_frame("vas")
    visits = [str(code) for code in frame["visit"].cat.categories]
    data = _with_patient_columns(
        frame.assign(visit=frame["visit"].astype(object)), cohort.patients, ["age"]
    )
    with pytest.warns(SmallSampleWarning):
        result = fit_mmrm(data, visits=visits, covariates=["age"])
    assert result.covariance == "compound_symmetry"
    assert result.fallback is not None
    assert any("compound symmetry used instead of unstructured" in c for c in result.caveats)
