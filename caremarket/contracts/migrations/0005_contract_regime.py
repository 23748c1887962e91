from django.db import migrations, models

PSR = "provider_selection_regime"


def psr_contracts(apps, schema_editor):
    """Contracts made by a provider selection process (or after a Most Capable Provider
    gateway) were awarded under the Provider Selection Regime."""
    Contract = apps.get_model("contracts", "Contract")
    SelectionProcess = apps.get_model("selection", "SelectionProcess")
    Alliance = apps.get_model("selection", "Alliance")
    selected = set(SelectionProcess.objects.exclude(contract=None).values_list("contract_id", flat=True))
    selected |= set(Alliance.objects.exclude(contract=None).values_list("contract_id", flat=True))
    Contract.objects.filter(models.Q(origin="mcp_gateway") | models.Q(pk__in=selected)).update(regime=PSR)


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0004_management_on_pages"),
        ("selection", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="contract",
            name="regime",
            field=models.CharField(
                choices=[
                    ("procurement_act_2023", "Procurement Act 2023"),
                    ("provider_selection_regime", "Provider Selection Regime"),
                ],
                default="procurement_act_2023",
                max_length=30,
            ),
        ),
        migrations.RunPython(psr_contracts, migrations.RunPython.noop),
    ]
