"""The pages in a real browser (Playwright driving Debian's Chromium, never a downloaded one):
the steps of issue 13 §4, with a screenshot of each step kept under ``tests-artifacts/browser/``
(or ``$SPINEMET_ARTIFACTS``) and an axe-core check of every page visited (no serious or
critical violation).

Skipped, saying why, where ``/usr/bin/chromium`` is missing (``make browser`` installs it)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.registry.conftest import PASSWORD
from tests.registry.web.conftest import seed_patient

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = (
    Path(os.environ.get("SPINEMET_ARTIFACTS", Path(__file__).parents[3] / "tests-artifacts"))
    / "browser"
)
# As the machine notes say: without the background-networking flags Chromium keeps trying to
# reach Google's hosts, which a closed network refuses.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (run make browser)"),
]


@pytest.fixture
def browser(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Chromium for one test; closed (and its event loop stopped) before the live server and
    the test database are torn down."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are
    # plain synchronous calls all the same. Set for this test only: a leaked value would fail
    # Django's deploy check in the processes that other tests start.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


class Session:
    """One browser context logged in as one user, checking every page it opens."""

    def __init__(self, browser: Any, base: str, name: str) -> None:
        self.context = browser.new_context(locale="en-GB", viewport={"width": 1200, "height": 900})
        self.page = self.context.new_page()
        self.base = base
        self.name = name
        self.violations: list[str] = []

    def login(self) -> None:
        self.page.goto(self.base + "/accounts/login/")
        self.page.get_by_label("User name").fill(self.name)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_url(self.base + "/")

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base + path)

    def shot(self, step: str) -> None:
        self.axe(step)
        self.page.screenshot(path=str(ARTIFACTS / f"{step}.png"), full_page=True)

    def axe(self, step: str) -> None:
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate(
            "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']})"
        )
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                self.violations.append(f"{step}: {violation['id']} {targets}")


@pytest.fixture
def site_a(live_server: Any, registry: dict[str, Any]) -> dict[str, Any]:
    return {"base": live_server.url, "patient": seed_patient(), "registry": registry}


def test_the_steps_of_a_research_nurse_and_a_tumour_board(site_a: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    base, patient = site_a["base"], site_a["patient"]
    nurse = Session(browser, base, "investigator_a")
    nurse.goto("/accounts/login/")
    nurse.shot("01-login")
    nurse.login()
    expect(nurse.page.get_by_role("heading", name=re.compile("Work list"))).to_be_visible()
    nurse.shot("02-work-list")

    # open the due visit from the work list and enter VAS, watching the live total
    row = nurse.page.get_by_role("row").filter(has_text="A-SEED").filter(has_text="m3")
    row.get_by_role("link", name="VAS").click()
    expect(nurse.page.get_by_role("heading", name=re.compile("New assessment"))).to_be_visible()
    nurse.page.get_by_label(re.compile("Pain on a 10 cm line")).fill("7")
    expect(nurse.page.locator("#live-total-value")).to_have_text("7")
    expect(nurse.page.locator("#live-category")).to_have_text("moderate")
    nurse.shot("03-vas-live-total")
    nurse.page.get_by_role("button", name="Save").click()
    nurse.page.wait_for_url(f"{base}/patients/{patient.pk}/")

    # Barthel, keyboard only: in each item's radio group Space picks the first answer and the
    # arrow keys move to the highest (answers are in the published order, 0 first); Tab goes on
    from spinemet.instruments import get_spec

    nurse.goto(f"/patients/{patient.pk}/assessments/new?instrument=barthel&visit=m3")
    nurse.page.locator('input[name="item_feeding"]').first.focus()
    keyboard = nurse.page.keyboard
    for item in get_spec("barthel").items:
        keyboard.press("Space")
        for _ in range(len(item.choices) - 1):
            keyboard.press("ArrowDown")
        keyboard.press("Tab")
    expect(nurse.page.locator("#live-total-value")).to_have_text("100")
    nurse.shot("04-barthel-keyboard-live-total")
    nurse.page.get_by_role("button", name="Save").click()
    nurse.page.wait_for_url(f"{base}/patients/{patient.pk}/")
    timeline = nurse.page.locator("#timeline + table")
    expect(timeline.get_by_role("row").filter(has_text="m3")).to_contain_text("barthel: 100")
    expect(nurse.page.locator("#chart-barthel svg")).to_contain_text("100")
    expect(nurse.page.locator("#chart-vas svg")).to_contain_text("7")
    nurse.shot("05-patient-page-timeline-chart")

    # a bad value: the error is beside the field, in the words of the CLI and the API
    nurse.goto(f"/patients/{patient.pk}/assessments/new?instrument=vas&visit=m1")
    nurse.page.get_by_label(re.compile("Pain on a 10 cm line")).fill("76")
    expect(nurse.page.locator("#err-vas")).to_contain_text(
        "items.vas: invalid value 76; allowed: 0 <= number <= 10"
    )
    nurse.page.get_by_role("button", name="Save").click()
    expect(nurse.page.locator("#err-vas")).to_contain_text("items.vas: invalid value 76")
    nurse.shot("06-bad-value")

    # decision support and saving the team's decision
    nurse.goto(f"/patients/{patient.pk}/#decision")
    expect(
        nurse.page.get_by_text("it supports and does not replace clinical judgement")
    ).to_be_visible()
    options = nurse.page.locator("#chosen_option option")
    nurse.page.select_option("#chosen_option", index=1)
    chosen = options.nth(1).get_attribute("value")
    nurse.page.get_by_label("Note").fill("Tumour board: agreed")
    nurse.page.locator("#decision ~ form button", has_text="Save decision").click()
    expect(nurse.page.get_by_text("Decision saved.")).to_be_visible()
    expect(nurse.page.get_by_role("cell", name="Tumour board: agreed")).to_be_visible()
    assert chosen
    nurse.shot("07-decision-saved")

    # two browsers edit the same assessment: the second gets the conflict page
    from spinemet.registry.assessments.models import Assessment

    vas = Assessment.objects.get(patient=patient, instrument="vas", visit="m3")
    other = Session(browser, base, "investigator_a")
    other.login()
    for session in (nurse, other):
        session.goto(f"/assessments/{vas.pk}/edit/")
    nurse.page.get_by_label(re.compile("Pain on a 10 cm line")).fill("5")
    nurse.page.get_by_label(re.compile("Reason for the change")).fill("re-read the sheet")
    nurse.page.get_by_role("button", name="Save").click()
    nurse.page.wait_for_url(f"{base}/patients/{patient.pk}/")
    other.page.get_by_label(re.compile("Pain on a 10 cm line")).fill("4")
    other.page.get_by_label(re.compile("Reason for the change")).fill("patient called")
    other.page.get_by_role("button", name="Save").click()
    expect(other.page.get_by_role("heading", name="Someone saved first")).to_be_visible()
    other.shot("08-conflict")
    vas.refresh_from_db()
    assert vas.items == {"vas": 5}

    # switch to Chinese: the same pages, translated
    nurse.goto("/")
    nurse.page.select_option("#language", "zh-hans")
    nurse.page.get_by_role("button", name="Change language").click()
    expect(nurse.page.get_by_role("heading", name=re.compile("工作列表"))).to_be_visible()
    nurse.shot("09-work-list-zh")
    nurse.goto(f"/patients/{patient.pk}/")
    expect(nurse.page.get_by_role("heading", name="决策支持")).to_be_visible()
    nurse.shot("10-patient-page-zh")

    # a monitor sees the form but cannot save
    monitor = Session(browser, base, "monitor_a")
    monitor.login()
    monitor.goto(f"/patients/{patient.pk}/assessments/new?instrument=vas&visit=m6")
    monitor.page.get_by_label(re.compile("Pain on a 10 cm line")).fill("2")
    monitor.page.get_by_role("button", name="Save").click()
    expect(monitor.page.get_by_role("heading", name="Not allowed")).to_be_visible()
    monitor.shot("11-monitor-cannot-save")
    assert not Assessment.objects.filter(patient=patient, visit="m6").exists()

    # another site's patient is 404
    stranger = Session(browser, base, "investigator_b")
    stranger.login()
    response = stranger.goto(f"/patients/{patient.pk}/")
    assert response.status == 404
    stranger.page.screenshot(path=str(ARTIFACTS / "12-other-site-404.png"))

    # the remaining pages, checked by axe too
    for path, step in (
        ("/patients/", "13-patients"),
        ("/patients/new/", "14-new-patient"),
        (f"/patients/{patient.pk}/history/", "15-history"),
        ("/queries/", "16-queries"),
        ("/accounts/password/", "17-change-password"),
        ("/analysis/", "18-analysis"),
    ):
        other.goto(path)
        other.shot(step)
    manager = Session(browser, base, "datamanager")
    manager.login()
    manager.goto("/import/")
    manager.shot("19-import")
    problems = nurse.violations + other.violations + monitor.violations + manager.violations
    assert problems == [], "axe: serious or critical violations"


def test_editing_a_patient_adding_a_complication_and_a_language_kept_with_the_account(
    site_a: Any, browser: Any
) -> None:
    """Issue 13's record pages: edit a patient with a reason (a bad value first, shown beside
    its field), add a complication, the conflict page of a patient edit, and a Chinese choice
    that survives logging out and in, also in another browser; axe on every new page."""
    from playwright.sync_api import expect

    from spinemet.registry.patients.models import Patient

    base, patient = site_a["base"], site_a["patient"]
    nurse = Session(browser, base, "investigator_a")
    nurse.login()
    nurse.goto(f"/patients/{patient.pk}/")
    nurse.page.get_by_role("link", name="Edit patient").click()
    expect(nurse.page.get_by_role("heading", name="Edit patient")).to_be_visible()
    nurse.shot("20-edit-patient")

    # a bad value: the error beside the field, what was typed kept, nothing saved
    nurse.page.get_by_label("Karnofsky performance status").select_option("60")
    nurse.page.get_by_label("Age (years)").fill("150")
    nurse.page.get_by_label(re.compile("Reason for the change")).fill("KPS re-assessed at clinic")
    nurse.page.get_by_role("button", name="Save", exact=True).click()
    expect(nurse.page.locator("#err-age")).to_contain_text("age: invalid value '150'")
    expect(nurse.page.get_by_label("Karnofsky performance status")).to_have_value("60")
    expect(nurse.page.get_by_label(re.compile("Reason for the change"))).to_have_value(
        "KPS re-assessed at clinic"
    )
    nurse.shot("21-edit-patient-bad-value")
    assert Patient.objects.get(pk=patient.pk).kps != 60
    nurse.page.get_by_label("Age (years)").fill("64")
    nurse.page.get_by_role("button", name="Save", exact=True).click()
    nurse.page.wait_for_url(f"{base}/patients/{patient.pk}/")
    expect(nurse.page.get_by_text("Patient saved.")).to_be_visible()
    saved = Patient.objects.get(pk=patient.pk)
    assert (saved.kps, saved.age) == (60, 64)
    last = saved.history.latest("history_date")
    assert last.history_change_reason == "KPS re-assessed at clinic"

    # add a complication
    nurse.page.get_by_role("link", name="Add complication").click()
    expect(nurse.page.get_by_role("heading", name="New complication")).to_be_visible()
    nurse.page.get_by_label("Date", exact=True).fill(patient.index_date.isoformat())
    nurse.page.get_by_label(re.compile(r"^Type")).select_option("infection")
    nurse.page.get_by_label("Clavien-Dindo grade").select_option("II")
    nurse.shot("22-new-complication")
    nurse.page.get_by_role("button", name="Save", exact=True).click()
    nurse.page.wait_for_url(f"{base}/patients/{patient.pk}/")
    complications = nurse.page.locator("#complications + table")
    expect(complications.get_by_role("row").filter(has_text="infection")).to_contain_text("II")
    nurse.shot("23-patient-page-complication")

    # the other new pages, checked by axe
    lesion = patient.lesions.get()
    for path, step in (
        (f"/patients/{patient.pk}/lesions/new/", "24-new-lesion"),
        (f"/lesions/{lesion.pk}/edit/", "25-edit-lesion"),
        (f"/patients/{patient.pk}/procedures/new/", "26-new-procedure"),
        (f"/complications/{patient.complications.get().pk}/edit/", "27-edit-complication"),
        (f"/patients/{patient.pk}/withdraw/", "28-withdraw"),
    ):
        nurse.goto(path)
        nurse.shot(step)

    # two browsers edit the patient: the second gets their record beside its own
    other = Session(browser, base, "investigator_a")
    other.login()
    for session in (nurse, other):
        session.goto(f"/patients/{patient.pk}/edit/")
    nurse.page.get_by_label("Karnofsky performance status").select_option("70")
    nurse.page.get_by_label(re.compile("Reason for the change")).fill("better at m1")
    nurse.page.get_by_role("button", name="Save", exact=True).click()
    nurse.page.wait_for_url(f"{base}/patients/{patient.pk}/")
    other.page.get_by_label("Karnofsky performance status").select_option("40")
    other.page.get_by_label(re.compile("Reason for the change")).fill("worse at m1")
    other.page.get_by_role("button", name="Save", exact=True).click()
    expect(other.page.get_by_role("heading", name="Someone saved first")).to_be_visible()
    row = other.page.get_by_role("row").filter(has_text="Karnofsky performance status")
    expect(row.get_by_role("cell")).to_have_text(["70", "40"])
    other.shot("29-patient-conflict")
    assert Patient.objects.get(pk=patient.pk).kps == 70

    # Chinese, chosen once, is the account's: after logging out and in, and in a new browser
    nurse.goto("/")
    nurse.page.select_option("#language", "zh-hans")
    nurse.page.get_by_role("button", name="Change language").click()
    expect(nurse.page.get_by_role("heading", name=re.compile("工作列表"))).to_be_visible()
    nurse.page.locator('form[action="/accounts/logout/"] button').click()
    nurse.page.wait_for_url(re.compile(r"/accounts/login/"))
    expect(nurse.page.get_by_role("button", name="登录")).to_be_visible()
    nurse.page.locator('input[name="username"]').fill("investigator_a")
    nurse.page.locator('input[name="password"]').fill(PASSWORD)
    nurse.page.get_by_role("button", name="登录").click()
    nurse.page.wait_for_url(base + "/")
    expect(nurse.page.get_by_role("heading", name=re.compile("工作列表"))).to_be_visible()
    elsewhere = Session(browser, base, "investigator_a")  # no cookie: English until login
    elsewhere.login()
    expect(elsewhere.page.get_by_role("heading", name=re.compile("工作列表"))).to_be_visible()
    elsewhere.goto(f"/patients/{patient.pk}/edit/")
    expect(elsewhere.page.get_by_role("heading", name="编辑患者")).to_be_visible()
    elsewhere.shot("30-edit-patient-zh-after-login")
    problems = nurse.violations + other.violations + elsewhere.violations
    assert problems == [], "axe: serious or critical violations"
