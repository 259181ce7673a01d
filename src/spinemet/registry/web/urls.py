"""The pages of DESIGN.md's page table; account pages are Django's own auth views."""

from django.contrib.auth import views as auth_views
from django.urls import path

from spinemet.registry.web.views import (
    analysis,
    assessments,
    board,
    decisions,
    imports,
    patients,
    queries,
    records,
    worklist,
)

app_name = "web"

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="web/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="web/password_change.html", success_url="/accounts/password/done/"
        ),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="web/password_done.html"),
        name="password_change_done",
    ),
    path("", worklist.home, name="home"),
    path("search/", worklist.search, name="search"),
    path("patients/", patients.patient_list_page, name="patients"),
    path("patients/new/", patients.patient_new, name="patient_new"),
    path("patients/<int:patient_id>/", patients.patient_page, name="patient"),
    path("patients/<int:patient_id>/history/", patients.history_page, name="history"),
    path("patients/<int:patient_id>/edit/", records.patient_edit, name="patient_edit"),
    path(
        "patients/<int:patient_id>/withdraw/",
        records.patient_withdraw_page,
        name="patient_withdraw",
    ),
    path("patients/<int:patient_id>/lesions/new/", records.lesion_new, name="lesion_new"),
    path("lesions/<int:lesion_id>/edit/", records.lesion_edit, name="lesion_edit"),
    path("patients/<int:patient_id>/procedures/new/", records.procedure_new, name="procedure_new"),
    path("procedures/<int:procedure_id>/edit/", records.procedure_edit, name="procedure_edit"),
    path(
        "patients/<int:patient_id>/complications/new/",
        records.complication_new,
        name="complication_new",
    ),
    path(
        "complications/<int:complication_id>/edit/",
        records.complication_edit,
        name="complication_edit",
    ),
    path("patients/<int:patient_id>/board.pdf", board.board_sheet, name="board"),
    path(
        "patients/<int:patient_id>/assessments/new",
        assessments.assessment_new,
        name="assessment_new",
    ),
    path(
        "patients/<int:patient_id>/assessments/score",
        assessments.assessment_score,
        name="assessment_score",
    ),
    path(
        "assessments/<int:assessment_id>/edit/", assessments.assessment_edit, name="assessment_edit"
    ),
    path("patients/<int:patient_id>/decisions/", decisions.decision_save, name="decision_save"),
    path("patients/<int:patient_id>/queries/", queries.query_new, name="query_new"),
    path("queries/", queries.query_list_page, name="queries"),
    path("queries/<int:query_id>/", queries.query_reply, name="query_reply"),
    path("import/", imports.import_page, name="import"),
    path("analysis/", analysis.analysis_page, name="analysis"),
    path("analysis/<int:job_id>/", analysis.analysis_job, name="analysis_job"),
    path("analysis/<int:job_id>/<str:output>", analysis.analysis_file, name="analysis_file"),
]
