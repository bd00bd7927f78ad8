"""Statistical neighbours' hand-entered values move from the scorecard (NeighbourValue, keyed
by the year a financial year starts in, on a council of the scorecard's own NeighbourCouncil
list) into national (EnteredValue, keyed by DfE's year ending 31 March, on national's Council):
every row and its history, each under its own id, 2021 (2021/22) becoming 2022."""

from django.db import migrations


def _council(Council, cache: dict, neighbour) -> object:
    """national's council for one of the scorecard's neighbour councils, by DfE's (old) code;
    created, named as the scorecard had it, when the councils are not loaded yet."""
    code = neighbour.dfe_code.strip()
    if code not in cache:
        cache[code], _ = Council.objects.get_or_create(old_code=code, defaults={"name": neighbour.name})
    return cache[code]


def forwards(apps, schema_editor):
    NeighbourCouncil = apps.get_model("scorecard", "NeighbourCouncil")
    NeighbourValue = apps.get_model("scorecard", "NeighbourValue")
    HistoricalNeighbourValue = apps.get_model("scorecard", "HistoricalNeighbourValue")
    Council = apps.get_model("national", "Council")
    EnteredValue = apps.get_model("national", "EnteredValue")
    HistoricalEnteredValue = apps.get_model("national", "HistoricalEnteredValue")
    cache: dict = {}
    neighbours = {n.pk: n for n in NeighbourCouncil.objects.all()}
    # The same council can be in two groupings (two NeighbourCouncil rows): one EnteredValue per
    # council, indicator and year, the last-saved row winning, as the sheet showed it.
    moved = {}
    for row in NeighbourValue.objects.order_by("pk"):
        council = _council(Council, cache, neighbours[row.council_id])
        moved[(row.indicator_id, council.pk, row.year + 1)] = row
    EnteredValue.objects.bulk_create(
        EnteredValue(pk=row.pk, indicator_id=indicator_id, council_id=council_id, year=year, value=row.value)
        for (indicator_id, council_id, year), row in moved.items()
    )
    kept = {row.pk for row in moved.values()}
    merged = set(NeighbourValue.objects.values_list("pk", flat=True)) - kept
    history = []
    for record in HistoricalNeighbourValue.objects.order_by("history_id"):
        if record.id in merged:
            continue  # the history of a row merged into another
        neighbour = neighbours.get(record.council_id)
        if neighbour is None:
            continue  # a council no longer in any group: its history names no one
        history.append(
            HistoricalEnteredValue(
                id=record.id, indicator_id=record.indicator_id, council_id=_council(Council, cache, neighbour).pk,
                year=record.year + 1, value=record.value, history_date=record.history_date,
                history_change_reason=record.history_change_reason, history_type=record.history_type,
                history_user_id=record.history_user_id,
            )
        )  # fmt: skip
    HistoricalEnteredValue.objects.bulk_create(history)


def backwards(apps, schema_editor):
    """Back to the scorecard's rows, on its neighbour councils of the same code."""
    NeighbourCouncil = apps.get_model("scorecard", "NeighbourCouncil")
    NeighbourValue = apps.get_model("scorecard", "NeighbourValue")
    EnteredValue = apps.get_model("national", "EnteredValue")
    by_code = {}
    for neighbour in NeighbourCouncil.objects.order_by("-group_year"):
        by_code.setdefault(neighbour.dfe_code, neighbour)
    for row in EnteredValue.objects.select_related("council"):
        neighbour = by_code.get(row.council.old_code)
        if neighbour is not None:
            NeighbourValue.objects.update_or_create(
                indicator_id=row.indicator_id, council=neighbour, year=row.year - 1, defaults={"value": row.value}
            )
    EnteredValue.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("national", "0002_entered_values"),
        ("scorecard", "0010_comparatorvalue_source"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
