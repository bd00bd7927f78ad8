"""The statistical neighbours' councils and hand-entered values are national's now
(national.EnteredValue on national.Council): their rows were moved there first."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("scorecard", "0010_comparatorvalue_source"),
        ("national", "0003_entered_values_from_scorecard"),  # their rows are moved first
    ]

    operations = [
        migrations.DeleteModel(name="HistoricalNeighbourValue"),
        migrations.DeleteModel(name="NeighbourValue"),
        migrations.DeleteModel(name="NeighbourCouncil"),
    ]
