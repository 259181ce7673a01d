"""The pages that edit a patient, add and edit lesions, procedures and complications and
withdraw a patient, through Django's test client: each saves through the core's services
(reason, version, withdrawn patient), shows bad input beside its field in the API's words while
keeping what was typed, and shows the conflict page on a stale save, overwriting nothing.
Another site's object (404), a monitor's save (403) and CSRF are covered over every route by
the table of test_pages.py; the language kept per account is at the end."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from tests.registry.web.test_pages import PATIENT_FORM, SEED_START


def _form(patient: Any, **changes: str) -> dict[str, str]:
    """What the edit form of the seed patient sends: its stored values, then the changes."""
    from spinemet.registry.common.records import patient_row
    from spinemet.registry.web.patient_form import form_text

    row = patient_row(patient, with_case_fields=False)
    sent = {name: form_text(value) for name, value in row.items() if name != "site"}
    return {**sent, **PATIENT_FORM, "study_id": patient.study_id, **changes}


def _beside(body: str, name: str) -> str:
    """The text of the errors beside the field ``name``."""
    start = body.index(f'<span id="err-{name}">')
    return html.unescape(body[start : body.index("</div>", start)])


def test_editing_a_patient_saves_with_its_reason(login: Any, seed: Any) -> None:
    from spinemet.registry.patients.models import Patient

    client = login("investigator_a")
    page = client.get(f"/patients/{seed.pk}/edit/").content.decode()
    assert 'name="version" value="1"' in page
    assert '<option value="50" selected>' in page  # the seed's KPS, from the stored record
    response = client.post(
        f"/patients/{seed.pk}/edit/",
        {**_form(seed, kps="60"), "version": "1", "reason": "KPS re-assessed at clinic"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == f"/patients/{seed.pk}/"
    patient = Patient.objects.get(pk=seed.pk)
    assert (patient.kps, patient.version) == (60, 2)
    last = patient.history.latest("history_date")
    assert (last.history_change_reason, last.history_user.username) == (
        "KPS re-assessed at clinic",
        "investigator_a",
    )


def test_a_bad_patient_value_is_shown_beside_its_field_and_what_was_typed_stays(
    login: Any, seed: Any
) -> None:
    from spinemet.registry.patients.models import Patient

    response = login("investigator_a").post(
        f"/patients/{seed.pk}/edit/",
        {**_form(seed, age="150", kps="60"), "version": "1", "reason": "typo"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "age: invalid value '150'; allowed: 0 <= number <= 120 (or blank)" in _beside(
        body, "age"
    )
    assert 'id="f-age" name="age" type="number" value="150"' in body
    assert '<option value="60" selected>' in body  # the KPS typed, not the stored 50
    assert 'value="typo"' in body  # the reason typed
    assert Patient.objects.get(pk=seed.pk).version == 1


def test_an_edit_without_a_reason_is_refused_beside_the_reason(login: Any, seed: Any) -> None:
    from spinemet.registry.patients.models import Patient

    response = login("investigator_a").post(
        f"/patients/{seed.pk}/edit/", {**_form(seed, kps="60"), "version": "1", "reason": " "}
    )
    assert response.status_code == 422
    assert "reason: invalid value" in _beside(response.content.decode(), "reason")
    assert Patient.objects.get(pk=seed.pk).kps == 50


def test_a_stale_patient_edit_shows_both_versions_and_overwrites_nothing(
    login: Any, seed: Any
) -> None:
    from spinemet.registry.patients.models import Patient

    client = login("investigator_a")
    url = f"/patients/{seed.pk}/edit/"
    first = client.post(url, {**_form(seed, kps="60"), "version": "1", "reason": "clinic"})
    assert first.status_code == 302
    second = client.post(url, {**_form(seed, kps="40"), "version": "1", "reason": "mine"})
    assert second.status_code == 409
    body = second.content.decode()
    assert "Someone saved first" in body
    row = re.search(r"Karnofsky performance status</th>(.*?)</tr>", body)
    assert row is not None
    assert re.findall(r"<td[^>]*>(.*?)</td>", row.group(1)) == ["60", "40"]
    assert 'name="version" value="2"' in body  # saving again is a deliberate second step
    assert Patient.objects.get(pk=seed.pk).kps == 60


@pytest.mark.parametrize(
    ("table", "sent", "stored"),
    [
        ("lesions", {"level": "L3", "lesion_type": "lytic"}, {"level": "L3"}),
        (
            "procedures",
            {"date": SEED_START, "type": "ppsf_pvp", "screw_levels": "T11,T12,L2"},
            {"type": "ppsf_pvp", "screw_levels": "T11,T12,L2"},
        ),
        (
            "complications",
            {"date": SEED_START, "type": "infection", "grade": "II", "resolved": "true"},
            {"type": "infection", "grade": "II", "resolved": True},
        ),
    ],
)
def test_adding_a_record_saves_it_under_the_patient(
    login: Any, seed: Any, table: str, sent: dict[str, str], stored: dict[str, Any]
) -> None:
    client = login("investigator_a")
    assert client.get(f"/patients/{seed.pk}/{table}/new/").status_code == 200
    response = client.post(f"/patients/{seed.pk}/{table}/new/", sent)
    assert response.status_code == 302, response.content.decode()[:3000]
    record = getattr(seed, table).order_by("-pk").first()
    assert {name: getattr(record, name) for name in stored} == stored
    assert record.history.get().history_user.username == "investigator_a"
    page = client.get(f"/patients/{seed.pk}/").content.decode()
    singular = table[:-1]
    assert f'href="/{table}/{record.pk}/edit/"' in page, singular


def test_a_level_recorded_twice_is_refused_beside_the_level(login: Any, seed: Any) -> None:
    level = seed.lesions.get().level
    response = login("investigator_a").post(
        f"/patients/{seed.pk}/lesions/new/", {"level": level, "collapse_percent": "30"}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert (
        f"patient_id + level: invalid value 'patient / {level}'; allowed: each patient_id + "
        "level once in lesions" in _beside(body, "level")
    )
    assert 'name="collapse_percent" type="number" value="30"' in body
    assert seed.lesions.count() == 1


def test_a_bad_complication_value_is_beside_its_field(login: Any, seed: Any) -> None:
    response = login("investigator_a").post(
        f"/patients/{seed.pk}/complications/new/", {"date": SEED_START, "type": "gout"}
    )
    assert response.status_code == 422
    assert "type: invalid value 'gout'" in _beside(response.content.decode(), "type")
    assert not seed.complications.exists()


def test_editing_a_complication_needs_a_reason_and_a_stale_save_conflicts(
    login: Any, seed: Any
) -> None:
    from spinemet.registry.patients.services import child_create
    from spinemet.registry.sites.selectors import command_line_actor

    complication = child_create(
        actor=command_line_actor(),
        patient_id=seed.pk,
        table="complications",
        data={"date": SEED_START, "type": "cement_leakage"},
    )
    client = login("investigator_a")
    url = f"/complications/{complication.pk}/edit/"
    page = client.get(url).content.decode()
    assert '<option value="cement_leakage" selected>' in page
    sent = {"date": SEED_START, "type": "cement_leakage", "resolved": "true", "version": "1"}
    no_reason = client.post(url, sent)
    assert no_reason.status_code == 422
    assert "reason: invalid value" in _beside(no_reason.content.decode(), "reason")
    assert client.post(url, {**sent, "reason": "resolved at m1"}).status_code == 302
    complication.refresh_from_db()
    assert (complication.resolved, complication.version) == (True, 2)
    stale = client.post(url, {**sent, "resolved": "false", "reason": "mine"})
    assert stale.status_code == 409
    assert "Someone saved first" in stale.content.decode()
    complication.refresh_from_db()
    assert complication.resolved is True


def test_withdrawal_needs_a_reason_and_then_the_patient_takes_no_new_data(
    login: Any, seed: Any
) -> None:
    from spinemet.registry.patients.models import Patient

    client = login("investigator_a")
    url = f"/patients/{seed.pk}/withdraw/"
    no_reason = client.post(url, {"reason": ""})
    assert no_reason.status_code == 422
    assert "reason: invalid value" in _beside(no_reason.content.decode(), "reason")
    assert not Patient.objects.get(pk=seed.pk).withdrawn
    assert client.post(url, {"reason": "consent withdrawn"}).status_code == 302
    patient = Patient.objects.get(pk=seed.pk)  # still there: nothing is hard-deleted
    assert (patient.withdrawn, patient.withdrawal_reason) == (True, "consent withdrawn")
    page = client.get(f"/patients/{seed.pk}/").content.decode()
    assert "consent withdrawn" in page
    assert f"/patients/{seed.pk}/lesions/new/" not in page  # no link to add data
    lesion = seed.lesions.get()
    for path, sent in (
        (f"/patients/{seed.pk}/lesions/new/", {"level": "L4"}),
        (f"/patients/{seed.pk}/complications/new/", {"date": SEED_START, "type": "infection"}),
        (f"/lesions/{lesion.pk}/edit/", {"level": lesion.level, "version": "1", "reason": "x"}),
        (f"/patients/{seed.pk}/edit/", {**_form(seed), "version": "2", "reason": "x"}),
    ):
        refused = client.post(path, sent)
        assert refused.status_code == 422, path
        assert "a withdrawn patient takes no new data" in refused.content.decode(), path
    again = client.post(url, {"reason": "twice"})
    assert again.status_code == 422
    assert "allowed: a patient not yet withdrawn" in again.content.decode()
    assert seed.lesions.count() == 1
    assert not seed.complications.exists()
    assert Patient.objects.get(pk=seed.pk).version == 2


class _Inputs(HTMLParser):
    """The form controls of a page and the ``for`` of its labels."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[str] = []
        self.labelled: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "label" and found.get("for"):
            self.labelled.add(str(found["for"]))
        if tag in ("input", "select", "textarea") and found.get("type") != "hidden":
            self.controls.append(str(found.get("id")))


@pytest.mark.parametrize(
    "path",
    [
        "/patients/{patient}/edit/",
        "/patients/{patient}/withdraw/",
        "/patients/{patient}/lesions/new/",
        "/lesions/{lesion}/edit/",
        "/patients/{patient}/procedures/new/",
        "/patients/{patient}/complications/new/",
    ],
)
def test_every_input_has_a_label_and_every_form_a_csrf_token(
    login: Any, seed: Any, path: str
) -> None:
    url = path.format(patient=seed.pk, lesion=seed.lesions.get().pk)
    body = login("investigator_a").get(url).content.decode()
    parsed = _Inputs()
    parsed.feed(body)
    assert len(parsed.controls) > 1
    assert [c for c in parsed.controls if c not in parsed.labelled] == []
    assert body.count("<form") == body.count('name="csrfmiddlewaretoken"')


@pytest.mark.parametrize(
    ("path", "sent"),
    [
        ("/patients/{patient}/edit/", {"version": "1", "reason": "x", "kps": "60"}),
        ("/patients/{patient}/withdraw/", {"reason": "x"}),
        ("/patients/{patient}/lesions/new/", {"level": "L3"}),
        ("/patients/{patient}/complications/new/", {"date": SEED_START, "type": "infection"}),
    ],
)
def test_a_post_without_the_csrf_token_is_refused(
    registry: dict[str, Any], seed: Any, path: str, sent: dict[str, str]
) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(registry["users"]["investigator_a"])
    assert client.post(path.format(patient=seed.pk), sent).status_code == 403


# --- the language kept per account ---


def test_a_logged_in_users_language_follows_them_to_another_browser(
    registry: dict[str, Any],
) -> None:
    from django.test import Client

    from spinemet.registry.sites.models import LanguageChoice

    user = registry["users"]["investigator_a"]
    first = Client()
    first.force_login(user)
    assert first.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"}).status_code == 302
    assert LanguageChoice.objects.get(user=user).language == "zh-hans"
    other = Client()  # another browser: no language cookie
    other.force_login(user)
    page = other.get("/")
    assert "工作列表" in page.content.decode()
    assert page.cookies["django_language"].value == "zh-hans"
    other.post("/accounts/logout/")
    # logged out, the browser keeps the cookie: the login page stays in Chinese
    assert "登录" in other.get("/accounts/login/").content.decode()
    english = Client()
    english.force_login(registry["users"]["investigator_b"])  # never chose: English
    assert "Work list" in english.get("/").content.decode()


def test_choosing_english_again_is_kept_too(registry: dict[str, Any]) -> None:
    from django.test import Client

    user = registry["users"]["monitor_a"]
    client = Client()
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Work list" in client.get("/").content.decode()
    again = Client()
    again.cookies["django_language"] = "zh-hans"
    again.force_login(user)
    assert "Work list" in again.get("/").content.decode()  # the account's choice wins


def test_anonymous_users_keep_the_cookie_and_nothing_is_stored(registry: dict[str, Any]) -> None:
    from django.test import Client

    from spinemet.registry.sites.models import LanguageChoice

    client = Client()
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/accounts/login/"})
    assert response.cookies["django_language"].value == "zh-hans"
    assert "登录" in client.get("/accounts/login/").content.decode()
    assert not LanguageChoice.objects.exists()


def test_an_unknown_language_is_not_kept(registry: dict[str, Any], client: Any) -> None:
    from spinemet.errors import SpinemetInputError
    from spinemet.registry.sites.models import LanguageChoice
    from spinemet.registry.sites.services import language_set

    client.force_login(registry["users"]["investigator_a"])
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert not LanguageChoice.objects.exists()
    with pytest.raises(
        SpinemetInputError, match="language: invalid value 'fr'; allowed: en, zh-hans"
    ):
        language_set(user=registry["users"]["investigator_a"], language="fr")


def test_the_decision_findings_are_on_the_patient_form_and_saved_with_a_reason(
    login: Any, seed: Any
) -> None:
    # The decision case's patient fields that the cohort lacks (docs/case.md) are kept in
    # case_fields; the edit form offers the scalar ones, so that a finding the decision support
    # names as missing can be entered on the page, not only through the API.
    from spinemet.registry.decisions.services import recommendation_of
    from spinemet.registry.patients.models import Patient

    client = login("investigator_a")
    page = client.get(f"/patients/{seed.pk}/edit/").content.decode()
    assert "Findings for the decision support" in page
    coagulopathy = page[page.index('id="f-coagulopathy_uncorrectable"') :]
    assert coagulopathy.index('<option value="false" selected>') < coagulopathy.index("</select>")
    infection = page[page.index('id="f-active_infection"') :]
    assert infection.index('<option value="none" selected>') < infection.index("</select>")
    assert "local, at the surgical site" in infection[: infection.index("</select>")]

    sent = {"pmma_allergy": "true", "active_infection": "systemic", "deficit_onset_hours": "12"}
    response = client.post(
        f"/patients/{seed.pk}/edit/",
        {**_form(seed, **sent), "version": "1", "reason": "allergy found at pre-op visit"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    patient = Patient.objects.get(pk=seed.pk)
    assert {name: patient.case_fields.get(name) for name in sent} == {
        "pmma_allergy": True,
        "active_infection": "systemic",
        "deficit_onset_hours": 12,
    }
    assert patient.history.latest("history_date").history_change_reason == (
        "allergy found at pre-op visit"
    )
    case, _result = recommendation_of(patient)
    assert (case["patient"]["pmma_allergy"], case["patient"]["active_infection"]) == (
        True,
        "systemic",
    )

    bad = client.post(
        f"/patients/{seed.pk}/edit/",
        {
            **_form(patient, deficit_onset_hours="-3", active_infection="sometimes"),
            "version": "2",
            "reason": "x",
        },
    )
    assert bad.status_code == 422
    body = bad.content.decode()
    assert "-3" in _beside(body, "deficit_onset_hours")
    assert "local_at_site" in _beside(body, "active_infection")
    assert Patient.objects.get(pk=seed.pk).version == 2  # nothing written

    cleared = client.post(
        f"/patients/{seed.pk}/edit/",
        {**_form(patient, active_infection=""), "version": "2", "reason": "not known after all"},
    )
    assert cleared.status_code == 302
    assert "active_infection" not in Patient.objects.get(pk=seed.pk).case_fields


def test_a_lesions_body_involvement_is_on_its_form(login: Any, seed: Any) -> None:
    # body_involvement gates every cement option (decision rule vp.ci.no_body_lesion): the
    # lesion form must take it.
    client = login("investigator_a")
    lesion = seed.lesions.get()
    page = client.get(f"/lesions/{lesion.pk}/edit/").content.decode()
    body = page[page.index('id="f-body_involvement"') :]
    assert body.index('<option value="le_50" selected>') < body.index("</select>")
    response = client.post(
        f"/patients/{seed.pk}/lesions/new/",
        {"level": "L4", "lesion_type": "lytic", "body_involvement": "gt_50"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    added = seed.lesions.get(level="L4")
    assert added.case_fields == {"body_involvement": "gt_50"}
    refused = client.post(
        f"/patients/{seed.pk}/lesions/new/",
        {"level": "L5", "lesion_type": "lytic", "body_involvement": "half"},
    )
    assert refused.status_code == 422
    assert "half" in _beside(refused.content.decode(), "body_involvement")
    assert not seed.lesions.filter(level="L5").exists()
