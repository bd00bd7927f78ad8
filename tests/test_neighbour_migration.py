"""The statistical neighbours' hand-entered values move from the scorecard's own models into
national's (national/migrations/0003): every row and its history kept, on national's councils,
the start year becoming DfE's year ending 31 March."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from scorecard.models import Comparator, Indicator

BEFORE = [("national", "0002_entered_values"), ("scorecard", "0010_comparatorvalue_source")]
AFTER = [("national", "0003_entered_values_from_scorecard"), ("scorecard", "0011_neighbour_values_moved_to_national")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_neighbour_values_and_their_history_move_into_national():
    indicator = Indicator.objects.create(ref="9", short_name="Dental checks", description="Dental checks",
                                         theme="health", unit="percentage", polarity="higher",
                                         measure_type="snapshot", decimals=1, display_order=1)  # fmt: skip
    comparator = Comparator.objects.create(name="Statistical neighbours", short_name="SN")
    admin = User.objects.create_user("ada")
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        NeighbourCouncil = old.get_model("scorecard", "NeighbourCouncil")
        NeighbourValue = old.get_model("scorecard", "NeighbourValue")
        History = old.get_model("scorecard", "HistoricalNeighbourValue")
        redbridge_2021 = NeighbourCouncil.objects.create(comparator_id=comparator.pk, group_year=2021,
                                                         name="Redbridge", dfe_code="317", position=1)  # fmt: skip
        redbridge_2025 = NeighbourCouncil.objects.create(comparator_id=comparator.pk, group_year=2025,
                                                         name="Redbridge", dfe_code="317", position=1)  # fmt: skip
        newtown = NeighbourCouncil.objects.create(comparator_id=comparator.pk, group_year=2021, name="Newtown",
                                                  dfe_code="998", position=2)  # fmt: skip
        typed = NeighbourValue.objects.create(indicator_id=indicator.pk, council=redbridge_2021, year=2021,
                                              value=Decimal("80.5"))  # fmt: skip
        unknown = NeighbourValue.objects.create(indicator_id=indicator.pk, council=newtown, year=2021, value=None)
        later = NeighbourValue.objects.create(indicator_id=indicator.pk, council=redbridge_2025, year=2024,
                                              value=Decimal("70"))  # fmt: skip
        when = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
        for row, value, kind in [
            (typed, Decimal("79"), "+"),
            (typed, Decimal("80.5"), "~"),
            (later, Decimal("70"), "+"),
        ]:
            History.objects.create(id=row.pk, indicator_id=indicator.pk, council_id=row.council_id, year=row.year,
                                   value=value, history_date=when, history_type=kind, history_user_id=admin.pk,
                                   history_change_reason="form")  # fmt: skip

        new = _migrate(AFTER)
        EnteredValue = new.get_model("national", "EnteredValue")
        Council = new.get_model("national", "Council")
        moved = {(v.council.old_code, v.year): v for v in EnteredValue.objects.select_related("council")}
        # 2021 (2021/22, by the year it starts) is DfE's 2022; 2024 (2024/25) is 2025.
        assert {key: v.value for key, v in moved.items()} == {
            ("317", 2022): Decimal("80.5"),
            ("998", 2022): None,
            ("317", 2025): Decimal("70"),
        }
        assert moved[("317", 2022)].pk == typed.pk and moved[("998", 2022)].pk == unknown.pk
        assert Council.objects.get(old_code="998").name == "Newtown"  # a council national did not know yet
        assert Council.objects.filter(old_code="317").count() == 1  # one council, though in two groupings
        history = new.get_model("national", "HistoricalEnteredValue").objects.order_by("history_id")
        assert [(h.id, h.year, h.value, h.history_type, h.history_user_id, h.history_date) for h in history] == [
            (typed.pk, 2022, Decimal("79"), "+", admin.pk, when),
            (typed.pk, 2022, Decimal("80.5"), "~", admin.pk, when),
            (later.pk, 2025, Decimal("70"), "+", admin.pk, when),
        ]
        assert "scorecard_neighbourvalue" not in connection.introspection.table_names()
    finally:
        _migrate(leaves)
