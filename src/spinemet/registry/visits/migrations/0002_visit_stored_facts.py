"""Store on each visit the facts of its status that do not depend on the day (``done``,
``follow_up_ended``), filled in here for the existing rows, and index the visits whose status
does depend on it (issues #9 and #13: "overdue today" as an indexed range)."""

from django.db import migrations, models


def fill_facts(apps, schema_editor):
    from spinemet.registry.visits.services import store_facts

    store_facts(
        apps.get_model("spinemet_visits", "Visit")._default_manager.all(),
        assessment_model=apps.get_model("spinemet_assessments", "Assessment"),
        patient_model=apps.get_model("spinemet_patients", "Patient"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("spinemet_assessments", "0001_initial"),
        ("spinemet_patients", "0004_cohort_columns_sheet"),
        ("spinemet_visits", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="visit",
            name="done",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="visit",
            name="follow_up_ended",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(fill_facts, migrations.RunPython.noop, elidable=False),
        migrations.RemoveIndex(
            model_name="visit",
            name="spinemet_vi_window__3dc996_idx",
        ),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(
                condition=models.Q(("done", False), ("follow_up_ended", False)),
                fields=["missed_from", "window_start", "window_end"],
                name="visit_open_by_date",
            ),
        ),
    ]
