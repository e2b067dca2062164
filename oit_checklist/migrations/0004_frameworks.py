"""Frameworks get an agency type and a status (draft → published), and keep the history of
every change (so that a draft edited in the portal shows who changed what); a fiscal year's
move to a newer framework is recorded. The new history tables are append-only like the others
(the trigger function of ita_portal 0001)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

HISTORY_TABLES = [
    "oit_checklist_historicalframework",
    "oit_checklist_historicalsubindicator",
    "oit_checklist_historicaloititem",
    "oit_checklist_historicaloitcomponent",
]
FUNCTION = "ita_refuse_audit_change"  # made by ita_portal 0001
TRIGGER = "ita_audit_append_only"


def guard_history(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in HISTORY_TABLES:
        schema_editor.execute(
            f'CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )


def unguard_history(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in HISTORY_TABLES:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')


class Migration(migrations.Migration):
    dependencies = [
        ("oit_checklist", "0003_organisation_indexes"),
        ("organisations", "0008_onboarding"),
        ("ita_portal", "0001_audit_trail_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FrameworkMove",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("moved_at", models.DateTimeField(auto_now_add=True, verbose_name="ย้ายเมื่อ")),
                ("matched", models.PositiveSmallIntegerField(verbose_name="ข้อที่จับคู่ได้")),
            ],
            options={
                "verbose_name": "การย้ายกรอบการประเมิน OIT",
                "verbose_name_plural": "การย้ายกรอบการประเมิน OIT",
                "ordering": ["fiscal_year", "-moved_at"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalFramework",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "agency_type",
                    models.CharField(
                        choices=[("lao", "องค์กรปกครองส่วนท้องถิ่น (อปท.)")],
                        default="lao",
                        max_length=20,
                        verbose_name="ประเภทหน่วยงาน",
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="ปีที่ประเมิน (พ.ศ.)")),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "ฉบับร่าง"), ("published", "เผยแพร่แล้ว")],
                        default="draft",
                        max_length=10,
                        verbose_name="สถานะ",
                    ),
                ),
                (
                    "source_name",
                    models.CharField(blank=True, max_length=200, verbose_name="ไฟล์ข้อมูล"),
                ),
                (
                    "published_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="เผยแพร่เมื่อ"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical กรอบการประเมิน OIT",
                "verbose_name_plural": "historical กรอบการประเมิน OIT",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalOitComponent",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0)),
                ("text", models.TextField(verbose_name="องค์ประกอบด้านข้อมูล")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical องค์ประกอบด้านข้อมูล",
                "verbose_name_plural": "historical องค์ประกอบด้านข้อมูล",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalOitItem",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "group_title",
                    models.CharField(blank=True, max_length=200, verbose_name="หัวข้อย่อย"),
                ),
                (
                    "number",
                    models.CharField(
                        help_text="เลขอารบิก เช่น 01, 18", max_length=5, verbose_name="เลขข้อ"
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        help_text="ตามที่กรอบการประเมินพิมพ์ เช่น ๐๑๘", max_length=10, verbose_name="ข้อ"
                    ),
                ),
                ("title", models.CharField(max_length=300, verbose_name="ข้อมูล")),
                (
                    "default_responsible",
                    models.CharField(blank=True, max_length=300, verbose_name="ผู้รับผิดชอบ (ค่าเริ่มต้น)"),
                ),
                (
                    "produced_by_portal",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("measures_plan", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส (แผน)"),
                            ("measures_report", "ผลการดำเนินการตามมาตรการ (รายงาน)"),
                        ],
                        max_length=20,
                        verbose_name="จัดทำโดยระบบ",
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical ข้อ OIT",
                "verbose_name_plural": "historical ข้อ OIT",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalSubIndicator",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("indicator", models.PositiveSmallIntegerField(verbose_name="ตัวชี้วัด")),
                ("indicator_title", models.CharField(max_length=200, verbose_name="ชื่อตัวชี้วัด")),
                ("code", models.CharField(max_length=10, verbose_name="ตัวชี้วัดย่อย")),
                ("title", models.CharField(max_length=200, verbose_name="ชื่อตัวชี้วัดย่อย")),
                ("order", models.PositiveSmallIntegerField(default=0)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical ตัวชี้วัดย่อย",
                "verbose_name_plural": "historical ตัวชี้วัดย่อย",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AlterModelOptions(
            name="framework",
            options={
                "ordering": ["agency_type", "-year"],
                "verbose_name": "กรอบการประเมิน OIT",
                "verbose_name_plural": "กรอบการประเมิน OIT",
            },
        ),
        migrations.AddField(
            model_name="framework",
            name="agency_type",
            field=models.CharField(
                choices=[("lao", "องค์กรปกครองส่วนท้องถิ่น (อปท.)")],
                default="lao",
                max_length=20,
                verbose_name="ประเภทหน่วยงาน",
            ),
        ),
        migrations.AddField(
            model_name="framework",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="เผยแพร่เมื่อ"),
        ),
        migrations.AddField(
            model_name="framework",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="ผู้เผยแพร่",
            ),
        ),
        # The frameworks loaded before drafts existed were in use: they are published.
        migrations.AddField(
            model_name="framework",
            name="status",
            field=models.CharField(
                choices=[("draft", "ฉบับร่าง"), ("published", "เผยแพร่แล้ว")],
                default="published",
                max_length=10,
                verbose_name="สถานะ",
            ),
        ),
        migrations.AlterField(
            model_name="framework",
            name="status",
            field=models.CharField(
                choices=[("draft", "ฉบับร่าง"), ("published", "เผยแพร่แล้ว")],
                default="draft",
                max_length=10,
                verbose_name="สถานะ",
            ),
        ),
        migrations.AlterField(
            model_name="framework",
            name="loaded_at",
            field=models.DateTimeField(auto_now=True, verbose_name="ปรับปรุงเมื่อ"),
        ),
        migrations.AlterField(
            model_name="framework",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="ปีที่ประเมิน (พ.ศ.)"),
        ),
        migrations.AddConstraint(
            model_name="framework",
            constraint=models.UniqueConstraint(
                fields=("agency_type", "year"), name="framework_unique_year_per_agency_type"
            ),
        ),
        migrations.AddField(
            model_name="frameworkmove",
            name="fiscal_year",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="framework_moves",
                to="organisations.fiscalyear",
            ),
        ),
        migrations.AddField(
            model_name="frameworkmove",
            name="from_framework",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="oit_checklist.framework",
                verbose_name="จากกรอบการประเมิน",
            ),
        ),
        migrations.AddField(
            model_name="frameworkmove",
            name="moved_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                to=settings.AUTH_USER_MODEL,
                verbose_name="ผู้ย้าย",
            ),
        ),
        migrations.AddField(
            model_name="frameworkmove",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, to="organisations.organisation"
            ),
        ),
        migrations.AddField(
            model_name="frameworkmove",
            name="to_framework",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="oit_checklist.framework",
                verbose_name="ไปยังกรอบการประเมิน",
            ),
        ),
        migrations.AddField(
            model_name="historicalframework",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalframework",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="ผู้เผยแพร่",
            ),
        ),
        migrations.AddField(
            model_name="historicaloitcomponent",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicaloitcomponent",
            name="item",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="oit_checklist.oititem",
            ),
        ),
        migrations.AddField(
            model_name="historicaloititem",
            name="framework",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="oit_checklist.framework",
            ),
        ),
        migrations.AddField(
            model_name="historicaloititem",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicaloititem",
            name="sub_indicator",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="oit_checklist.subindicator",
            ),
        ),
        migrations.AddField(
            model_name="historicalsubindicator",
            name="framework",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="oit_checklist.framework",
            ),
        ),
        migrations.AddField(
            model_name="historicalsubindicator",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="frameworkmove",
            index=models.Index(
                fields=["organisation", "fiscal_year", "moved_at"], name="framework_move_org_year"
            ),
        ),
        migrations.RunPython(guard_history, unguard_history, elidable=False),
    ]
