"""Follow-up summary and the reverse Kaplan-Meier median."""

from __future__ import annotations

import pandas as pd
import pytest

from spinemet.analysis.followup import summarize_followup


def test_reverse_km_median_matches_r_on_rossi(rossi):
    result = summarize_followup(rossi, time="week", event="arrest")
    # R 4.2.2, survival 3.5.3: survfit(Surv(week, 1 - arrest) ~ 1, data = rossi)
    #        n events median 0.95LCL 0.95UCL
    # [1,] 432    318     52      52      52
    assert result.median_reverse_km == 52
    assert result.median_reverse_km_ci95 == (52, 52)


def test_reverse_km_median_not_reached_is_none_as_r_na(waltons):
    # R: survfit(Surv(T, 1 - E) ~ 1, data = waltons) -> median NA (only 7 censored)
    assert summarize_followup(waltons, time="T", event="E").median_reverse_km is None


def test_observed_follow_up_mean_sd_and_range():
    frame = pd.DataFrame({"time_days": [180.0, 365.0, 1000.0, 200.0], "event": [1, 0, 0, 1]})
    result = summarize_followup(frame)
    assert (result.n, result.min, result.max) == (4, 180.0, 1000.0)
    # R 4.2.2: y <- c(180, 365, 1000, 200); mean(y) -> 436.25; sd(y) -> 384.867401408156
    assert result.mean == 436.25
    assert result.sd == pytest.approx(384.867401408156, rel=1e-13)


def test_reverse_km_median_on_a_plateau_matches_r(plateau):
    # R 4.2.2, survival 3.5.3: quantile(survfit(Surv(time_days, 1 - event) ~ 1, data = d,
    #   conf.type = "log-log"), 0.5): 9, lower 4, upper NA
    result = summarize_followup(plateau)
    assert result.median_reverse_km == 9
    assert result.median_reverse_km_ci95 == (4, None)
    # alive at last contact: days 6, 9, 11, 4 -> median 7.5
    assert (result.n_alive, result.median_alive) == (4, 7.5)
