"""The pages through Django's test client: every page answers for its own site and 404 for
another site's object (table-driven over the URL patterns, as the API's isolation test), a
monitor's save is refused and writes nothing, the assessment form is generated from the
instrument's declaration, errors name field / value / allowed, a stale save shows the conflict
page and overwrites nothing, and every form is CSRF-protected."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from spinemet.instruments import get_spec

# The seed patient's index date (conftest.seed_patient: 90 days ago) and what its edit form
# sends unchanged: the required fields.
SEED_START = (dt.date.today() - dt.timedelta(days=90)).isoformat()
PATIENT_FORM = {"study_id": "A-SEED", "vital_status": "alive", "index_date": SEED_START}

# route (as Django declares it) -> calls with a body that would be valid for the owner.
ROUTES: dict[str, list[tuple[str, dict[str, Any] | None]]] = {
    "patients/<int:patient_id>/": [("GET", None)],
    "patients/<int:patient_id>/history/": [("GET", None)],
    "patients/<int:patient_id>/assessments/new": [
        ("GET", None),
        ("POST", {"instrument": "vas", "visit": "m3", "item_vas": "3"}),
    ],
    "patients/<int:patient_id>/assessments/score": [
        ("POST", {"instrument": "vas", "item_vas": "3"})
    ],
    "assessments/<int:assessment_id>/edit/": [
        ("GET", None),
        ("POST", {"version": "1", "reason": "x", "item_vas": "2"}),
    ],
    "patients/<int:patient_id>/decisions/": [("POST", {"chosen_option": "", "note": "x"})],
    "patients/<int:patient_id>/queries/": [
        ("POST", {"object": "patient", "field": "kps", "text": "?"})
    ],
    "queries/<int:query_id>/": [("POST", {"action": "answer", "text": "x"})],
    "patients/<int:patient_id>/board.pdf": [("GET", None)],
    "patients/<int:patient_id>/edit/": [
        ("GET", None),
        ("POST", {"version": "1", "reason": "x", **PATIENT_FORM, "kps": "60"}),
    ],
    "patients/<int:patient_id>/withdraw/": [("GET", None), ("POST", {"reason": "x"})],
    "patients/<int:patient_id>/lesions/new/": [("GET", None), ("POST", {"level": "L3"})],
    "lesions/<int:lesion_id>/edit/": [
        ("GET", None),
        ("POST", {"version": "1", "reason": "x", "level": "T12", "lesion_type": "lytic"}),
    ],
    "patients/<int:patient_id>/procedures/new/": [
        ("GET", None),
        ("POST", {"date": SEED_START, "type": "pvp"}),
    ],
    "procedures/<int:procedure_id>/edit/": [
        ("GET", None),
        ("POST", {"version": "1", "reason": "x", "date": SEED_START, "type": "pkp"}),
    ],
    "patients/<int:patient_id>/complications/new/": [
        ("GET", None),
        ("POST", {"date": SEED_START, "type": "infection"}),
    ],
    "complications/<int:complication_id>/edit/": [
        ("GET", None),
        ("POST", {"version": "1", "reason": "x", "date": SEED_START, "type": "haematoma"}),
    ],
    # jobs are their requester's: another user's job is 404 like another site's patient
    "analysis/<int:job_id>/": [("GET", None)],
    "analysis/<int:job_id>/<str:output>": [],  # a finished job's files: test_analysis_jobs
}


def _object_routes() -> set[str]:
    from spinemet.registry.web.urls import urlpatterns

    return {str(p.pattern) for p in urlpatterns if "<" in str(p.pattern)}


def test_every_page_with_an_object_is_in_the_isolation_table() -> None:
    assert _object_routes() == set(ROUTES)


@pytest.fixture
def objects(seed: Any, registry: dict[str, Any]) -> dict[str, int]:
    from spinemet.registry.assessments.services import assessment_create
    from spinemet.registry.audit.services import query_raise
    from spinemet.registry.patients.services import child_create
    from spinemet.registry.sites.selectors import actor_for, command_line_actor

    assessment = assessment_create(
        actor=command_line_actor(),
        patient_id=seed.pk,
        instrument="vas",
        items={"vas": 6},
        visit="preop",
    )
    query = query_raise(
        actor=actor_for(registry["users"]["datamanager"]),
        patient_id=seed.pk,
        target="patient",
        field="kps",
        text="KPS 50?",
    )
    from spinemet.registry.jobs.models import AnalysisJob

    job = AnalysisJob.objects.create(requested_by=registry["users"]["investigator_a"])
    procedure = child_create(
        actor=command_line_actor(),
        patient_id=seed.pk,
        table="procedures",
        data={"date": seed.index_date.isoformat(), "type": "ppsf_pvp"},
    )
    complication = child_create(
        actor=command_line_actor(),
        patient_id=seed.pk,
        table="complications",
        data={"date": seed.index_date.isoformat(), "type": "cement_leakage"},
    )
    return {
        "lesion_id": seed.lesions.get().pk,
        "procedure_id": procedure.pk,
        "complication_id": complication.pk,
        "patient_id": seed.pk,
        "assessment_id": assessment.pk,
        "query_id": query.pk,
        "job_id": job.pk,
    }


def _url(route: str, objects: dict[str, int]) -> str:
    path = route
    for name, value in objects.items():
        path = path.replace(f"<int:{name}>", str(value))
    return "/" + path


CALLS = [(route, method, body) for route, calls in ROUTES.items() for method, body in calls]


@pytest.mark.parametrize(("route", "method", "body"), CALLS)
def test_another_sites_object_is_not_found(
    login: Any, objects: dict[str, int], route: str, method: str, body: Any
) -> None:
    client = login("investigator_b")
    url = _url(route, objects)
    response = client.get(url) if method == "GET" else client.post(url, body or {})
    assert response.status_code == 404, (route, method)


@pytest.mark.parametrize(
    ("route", "method", "body"),
    [c for c in CALLS if c[1] == "POST" and "score" not in c[0] and "queries" not in c[0]],
)
def test_a_monitor_cannot_save(
    login: Any, objects: dict[str, int], route: str, method: str, body: Any
) -> None:
    from spinemet.registry.assessments.models import Assessment
    from spinemet.registry.decisions.models import Decision
    from spinemet.registry.patients.models import Complication, Lesion, Patient, Procedure

    def written() -> tuple[int, ...]:
        return (
            Assessment.history.count(),
            Decision.objects.count(),
            *(model.history.count() for model in (Patient, Lesion, Procedure, Complication)),
        )

    before = written()
    response = login("monitor_a").post(_url(route, objects), body)
    assert response.status_code == 403, route
    assert "read-only" in response.content.decode()
    assert written() == before


@pytest.mark.parametrize(
    ("route", "method", "body"), [c for c in CALLS if c[1] == "GET" and "job_id" not in c[0]]
)
def test_the_sites_own_pages_answer(
    login: Any, objects: dict[str, int], route: str, method: str, body: Any
) -> None:
    for name in ("investigator_a", "monitor_a", "datamanager"):
        assert login(name).get(_url(route, objects)).status_code == 200, (route, name)


@pytest.mark.parametrize(
    "path", ["/", "/patients/", "/patients/new/", "/queries/", "/analysis/", "/import/"]
)
def test_list_pages_answer_and_need_a_login(client: Any, login: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert login("investigator_a").get(path).status_code == 200


def test_the_form_is_generated_from_the_instrument_spec(login: Any, seed: Any) -> None:
    page = login("investigator_a").get(
        f"/patients/{seed.pk}/assessments/new?instrument=barthel&visit=m3"
    )
    body = page.content.decode()
    spec = get_spec("barthel")
    for item in spec.items:
        assert f'name="item_{item.name}"' in body
        for choice in item.choices:
            assert f'name="item_{item.name}" value="{choice.code}"' in body
    assert body.count('type="radio"') == sum(len(item.choices) for item in spec.items)
    assert "(10 points)" in body


def test_saving_an_assessment_shows_it_on_the_timeline_and_in_the_chart(
    login: Any, seed: Any
) -> None:
    client = login("investigator_a")
    items = {f"item_{item.name}": str(item.codes[-1]) for item in get_spec("barthel").items}
    response = client.post(
        f"/patients/{seed.pk}/assessments/new",
        {"instrument": "barthel", "visit": "m3", **items},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(f"/patients/{seed.pk}/").content.decode()
    assert "barthel: <strong>100</strong>" in page
    chart = page[page.index('id="chart-barthel"') :]
    assert '<svg class="chart"' in chart.split("</figure>")[0]
    assert ">100</text>" in chart.split("</figure>")[0]


def test_live_total_comes_from_the_scorer(login: Any, seed: Any) -> None:
    client = login("investigator_a")
    url = f"/patients/{seed.pk}/assessments/score"
    done = client.post(url, {"instrument": "vas", "item_vas": "8"}).content.decode()
    assert 'id="live-total-value">8<' in done
    assert "severe" in done
    partial = client.post(url, {"instrument": "barthel", "item_feeding": "10"}).content.decode()
    assert "9 items still to answer" in partial
    bad = client.post(url, {"instrument": "vas", "item_vas": "12"}).content.decode()
    assert "items.vas: invalid value 12; allowed: 0 &lt;= number &lt;= 10" in bad


def test_a_bad_value_is_refused_beside_its_field(login: Any, seed: Any) -> None:
    from spinemet.registry.assessments.models import Assessment

    before = Assessment.objects.count()
    response = login("investigator_a").post(
        f"/patients/{seed.pk}/assessments/new",
        {"instrument": "vas", "visit": "m3", "item_vas": "76"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    field = body[body.index('id="err-vas"') :][:300]
    assert "items.vas: invalid value 76; allowed: 0 &lt;= number &lt;= 10" in field
    assert Assessment.objects.count() == before


def test_a_stale_edit_gets_the_conflict_page_and_overwrites_nothing(
    login: Any, objects: dict[str, int]
) -> None:
    from spinemet.registry.assessments.models import Assessment

    client = login("investigator_a")
    url = f"/assessments/{objects['assessment_id']}/edit/"
    first = client.post(url, {"version": "1", "reason": "typo", "item_vas": "5"})
    assert first.status_code == 302
    second = client.post(url, {"version": "1", "reason": "mine", "item_vas": "2"})
    assert second.status_code == 409
    body = second.content.decode()
    assert "Someone saved first" in body
    assert Assessment.objects.get(pk=objects["assessment_id"]).items == {"vas": 5}
    missing_reason = client.post(url, {"version": "2", "reason": "", "item_vas": "2"})
    assert missing_reason.status_code == 422
    assert "reason: invalid value" in missing_reason.content.decode()


def test_search_by_study_id_is_a_post_and_stays_in_the_users_sites(login: Any, seed: Any) -> None:
    own = login("investigator_a").post("/search/", {"study_id": "A-SEED"})
    assert own.status_code == 302
    assert own["Location"] == f"/patients/{seed.pk}/"
    other = login("investigator_b").post("/search/", {"study_id": "A-SEED"})
    assert other.status_code == 200
    assert "No patient with this study id" in other.content.decode()
    assert login("investigator_a").get("/search/").status_code == 405


def test_decision_support_and_saving_a_decision(login: Any, seed: Any) -> None:
    from spinemet.registry.decisions.models import Decision

    client = login("investigator_a")
    page = client.get(f"/patients/{seed.pk}/").content.decode()
    assert "it supports and does not replace clinical judgement" in page
    assert "Construct plan" in page or "Missing findings" in page
    top = page[page.index('class="option top"') :][:400]
    option = top.split("<h3>")[1].split(" — ")[0].split(". ", 1)[1]
    saved = client.post(
        f"/patients/{seed.pk}/decisions/", {"chosen_option": option, "note": "board 3 Dec"}
    )
    assert saved.status_code == 302
    decision = Decision.objects.get(patient=seed)
    assert (decision.chosen_option, decision.note, decision.made_by) == (
        option,
        "board 3 Dec",
        "investigator_a",
    )
    assert decision.rule_set_version
    assert "board 3 Dec" in client.get(f"/patients/{seed.pk}/").content.decode()


def test_work_list_shows_due_visits_counts_and_open_queries(
    login: Any, objects: dict[str, int]
) -> None:
    body = login("investigator_a").get("/").content.decode()
    assert "A-SEED" in body
    assert "1 open data queries" in body
    assert "kps" in body


def test_work_list_rows_link_and_word_each_visit(login: Any, registry: dict[str, Any]) -> None:
    # The rows are formatted in the view (URLs reversed once, phrases translated once per
    # number): each row must still link its own patient and entry forms and word its own days.
    # m3's window is days 77-105 of the default schedule (docs/cohort.md), so an index date 90
    # days ago leaves it due for 15 more days; 106 and 110 days ago make it overdue 1 and 5 days.
    from tests.registry.web.conftest import seed_patient

    today = dt.date.today()
    due = seed_patient("A-DUE", index_date=today - dt.timedelta(days=90))
    one = seed_patient("A-ONE", index_date=today - dt.timedelta(days=106))
    five = seed_patient("A-FIVE", index_date=today - dt.timedelta(days=110))
    client = login("investigator_a")
    body = client.get("/").content.decode()
    rows = {row.split("</a>")[0].rsplit(">", 1)[1]: row for row in body.split("<tr>")[1:]}
    for patient, start, phrase in (
        (due, 90, "due, 15 days left"),
        (one, 106, "overdue 1 day"),
        (five, 110, "overdue 5 days"),
    ):
        row = rows[patient.study_id]
        window = (
            f"{(today - dt.timedelta(days=start - 77)).isoformat()} \u2013 "
            f"{(today - dt.timedelta(days=start - 105)).isoformat()}"
        )
        assert f'<a href="/patients/{patient.pk}/">{patient.study_id}</a>' in row
        for cell in ("<td>site_a</td>", "<td>m3</td>", window):
            assert cell in row
        assert phrase in row
        for instrument in ("vas", "barthel"):
            link = f"/patients/{patient.pk}/assessments/new?instrument={instrument}&amp;visit=m3"
            assert f'href="{link}"' in row
            assert client.get(link.replace("&amp;", "&")).status_code == 200
    assert "Showing 3 of 3" in body
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    chinese = client.get("/").content.decode()
    for phrase in ("待随访\uff0c剩余 15 天", "逾期 1 天", "逾期 5 天"):
        assert phrase in chinese


def test_queries_pages_raise_answer_close(login: Any, seed: Any) -> None:
    from spinemet.registry.audit.models import DataQuery

    monitor = login("monitor_a")
    raised = monitor.post(
        f"/patients/{seed.pk}/queries/", {"object": "patient", "field": "kps", "text": "KPS?"}
    )
    assert raised.status_code == 302
    query = DataQuery.objects.get()
    assert (
        monitor.post(f"/queries/{query.pk}/", {"action": "answer", "text": "x"}).status_code == 403
    )
    site = login("investigator_a")
    assert site.post(f"/queries/{query.pk}/", {"action": "answer", "text": "60"}).status_code == 302
    assert site.post(f"/queries/{query.pk}/", {"action": "close"}).status_code == 403
    closed = login("monitor_a").post(f"/queries/{query.pk}/", {"action": "close", "text": "ok"})
    assert closed.status_code == 302
    query.refresh_from_db()
    assert query.status == "closed"
    history = login("investigator_a").get(f"/patients/{seed.pk}/history/").content.decode()
    assert "query_answer" in history


def test_new_patient_page_creates_through_the_service_and_names_bad_fields(
    login: Any, registry: dict[str, Any]
) -> None:
    from spinemet.registry.patients.models import Patient

    client = login("investigator_a")
    bad = client.post(
        "/patients/new/",
        {"study_id": "A-NEW", "index_date": "2026-13-01", "vital_status": "alive", "age": "64"},
    )
    assert bad.status_code == 422
    assert "index_date" in bad.content.decode()
    assert not Patient.objects.filter(study_id="A-NEW").exists()
    good = client.post(
        "/patients/new/",
        {"study_id": "A-NEW", "index_date": "2026-06-01", "vital_status": "alive", "age": "64"},
    )
    assert good.status_code == 302
    patient = Patient.objects.get(study_id="A-NEW")
    assert (patient.site.code, patient.age) == ("site_a", 64)


def test_every_form_is_csrf_protected(registry: dict[str, Any], seed: Any) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(registry["users"]["investigator_a"])
    response = client.post(
        f"/patients/{seed.pk}/assessments/new",
        {"instrument": "vas", "visit": "m3", "item_vas": "3"},
    )
    assert response.status_code == 403
    page = client.get(f"/patients/{seed.pk}/assessments/new?instrument=vas&visit=m3")
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()


def test_no_identifier_in_page_urls() -> None:
    from spinemet.registry.web.urls import urlpatterns

    for pattern in urlpatterns:
        for name in ("study_id", "name", "hospital_number"):
            assert name not in str(pattern.pattern)


def test_work_list_and_patient_page_queries_do_not_grow_with_rows(login: Any, seed: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.registry.web.conftest import seed_patient

    client = login("investigator_a")

    def counted(path: str) -> int:
        client.get(path)  # the session and the actor are loaded once
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured.captured_queries)

    few = (counted("/"), counted(f"/patients/{seed.pk}/"))
    for number in range(3):
        seed_patient(f"A-MORE-{number}")
    assert (counted("/"), counted(f"/patients/{seed.pk}/")) == few
