"""Contracts, orders and site deliveries point at their buying club and competition, now that
the sourcing and competitions apps have their own migrations."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0002_buying_club"),
        ("contracts", "0001_initial"),
        ("sourcing", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="contract",
            name="buying_club_id",
        ),
        migrations.RemoveField(
            model_name="contract",
            name="competition_id",
        ),
        migrations.RemoveField(
            model_name="order",
            name="buying_club_id",
        ),
        migrations.RemoveField(
            model_name="sitedelivery",
            name="buying_club_id",
        ),
        migrations.AddField(
            model_name="contract",
            name="buying_club",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="contracts",
                to="sourcing.buyingclub",
            ),
        ),
        migrations.AddField(
            model_name="contract",
            name="competition",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="contracts",
                to="competitions.competition",
            ),
        ),
        migrations.AddField(
            model_name="order",
            name="buying_club",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="orders",
                to="sourcing.buyingclub",
            ),
        ),
        migrations.AddField(
            model_name="sitedelivery",
            name="buying_club",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="sourcing.buyingclub",
            ),
        ),
    ]
