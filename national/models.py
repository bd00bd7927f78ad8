"""Every English council, DfE's statistical-neighbour groups, where each indicator's
figures are in DfE's files, and every council's published figures loaded from them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from national import benchmark, shapes


class Council(models.Model):
    old_code = models.CharField("DfE (old) LA code", max_length=3, unique=True, help_text="310 for Harrow.")
    new_code = models.CharField(
        "ONS (new) code", max_length=9, blank=True, help_text="E09000015 for Harrow; filled from DfE's files."
    )
    name = models.CharField(max_length=100)
    region = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.old_code})"


class Neighbour(models.Model):
    """One of a council's ten statistical neighbours in DfE's grouping of `group_year`."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="neighbour_links")
    group_year = models.PositiveSmallIntegerField(help_text="The grouping: 2021 or 2025.")
    position = models.PositiveSmallIntegerField(help_text="1 is the closest.")
    neighbour = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    closeness = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["council", "group_year", "position"]
        constraints = [
            models.UniqueConstraint(fields=["council", "group_year", "position"], name="national_neighbour_position"),
            models.UniqueConstraint(fields=["council", "group_year", "neighbour"], name="national_neighbour_once"),
        ]

    def __str__(self) -> str:
        return f"{self.council.name} {self.group_year} #{self.position}: {self.neighbour.name}"


class IndicatorSource(models.Model):
    """Where an indicator's figures are in DfE's files: which file, which filter values pick
    the row of the figure and the row of its denominator, and which columns hold what."""

    indicator = models.OneToOneField("scorecard.Indicator", on_delete=models.CASCADE, related_name="national_source")
    file_kind = models.CharField("DfE file", max_length=60, choices=shapes.KIND_CHOICES)
    row_filters = models.JSONField(
        help_text='Filter values of the figure row, by column: {"breakdown": "...", ...}; a list of values '
        "sums their rows."
    )
    value_column = models.CharField(max_length=60, help_text="The measure column with the percentage, rate or count.")
    count_column = models.CharField(
        max_length=60, blank=True, help_text="The measure column with the number of children (the numerator)."
    )
    denominator_filters = models.JSONField(
        default=dict,
        blank=True,
        help_text="The filter values of the denominator's (total's) row; empty when on the same row.",
    )
    denominator_column = models.CharField(max_length=60, blank=True, help_text="The measure column of the denominator.")
    notes = models.TextField(blank=True, help_text="How DfE's measure differs from ours, if it does.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator__display_order"]

    def __str__(self) -> str:
        return f"{self.indicator} from {self.get_file_kind_display()}"

    @property
    def shape(self) -> shapes.Shape:
        return shapes.SHAPES[self.file_kind]

    def clean(self):
        shape = shapes.SHAPES.get(self.file_kind)
        if shape is None:
            return
        errors = shapes.source_errors(
            shape,
            row_filters=self.row_filters or {},
            denominator_filters=self.denominator_filters or {},
            columns={"value_column": self.value_column, "count_column": self.count_column,
                     "denominator_column": self.denominator_column},
        )  # fmt: skip
        if errors:
            raise ValidationError(errors)

    def describe_filters(self, filters: dict | None = None) -> str:
        filters = self.row_filters if filters is None else filters
        order = list(self.shape.filters) if self.file_kind in shapes.SHAPES else []
        # In the file's column order: PostgreSQL's jsonb keeps keys in an order of its own.
        columns = sorted(filters, key=lambda c: order.index(c) if c in order else len(order))
        return " | ".join(f"{column} = {_one_or_sum(filters[column])}" for column in columns)


def _one_or_sum(value) -> str:
    return " + ".join(value) if isinstance(value, list) else str(value)


class NationalImport(models.Model):
    """One DfE file loaded: what it was (name, checksum), what it held and who loaded it when."""

    file_name = models.CharField(max_length=255)
    checksum = models.CharField("SHA-256", max_length=64)
    file_kind = models.CharField(max_length=60, choices=shapes.KIND_CHOICES)
    rows_read = models.PositiveIntegerField()
    values_created = models.PositiveIntegerField(default=0)
    values_changed = models.PositiveIntegerField(default=0)
    values_unchanged = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%d %b %Y})"


class Level(models.TextChoices):
    NATIONAL = "National", "England"
    REGIONAL = "Regional", "Region"
    LOCAL_AUTHORITY = "Local authority", "Council"


class Status(models.TextChoices):
    """A value, or the symbol DfE published in its place."""

    VALUE = "value", "Published"
    SUPPRESSED = "c", "Suppressed (c)"
    NOT_AVAILABLE = "x", "Not available (x)"
    NOT_APPLICABLE = "z", "Not applicable (z)"
    ROUNDS_TO_ZERO = "k", "Rounds to 0 (k)"
    LOW = "low", "Low (low)"
    UNRELIABLE = "u", "Low reliability (u)"
    MISSING = "missing", "No row in the file"


class CouncilValue(models.Model):
    """One indicator's published figure for one year and one area: England, a region or a council."""

    indicator = models.ForeignKey("scorecard.Indicator", on_delete=models.CASCADE, related_name="national_values")
    year = models.PositiveSmallIntegerField(
        help_text="DfE's time_period: the year ending 31 March, 2025 for 2024/25.",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    area_code = models.CharField(max_length=9, help_text="The council's old code, or the region's or England's code.")
    council = models.ForeignKey(Council, null=True, blank=True, on_delete=models.PROTECT, related_name="values")
    name = models.CharField(max_length=100, help_text="As the year's rows name it.")
    region_code = models.CharField(max_length=9, blank=True)
    region_name = models.CharField(max_length=60, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VALUE)
    source = models.ForeignKey(NationalImport, on_delete=models.PROTECT, related_name="values")

    class Meta:
        ordering = ["indicator", "year", "level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "area_code"], name="national_value_unique_area"),
            models.CheckConstraint(
                condition=Q(status="value", value__isnull=False) | (~Q(status="value") & Q(value__isnull=True)),
                name="national_value_present_only_when_published",
            ),
            models.CheckConstraint(
                condition=Q(level="Local authority", council__isnull=False) | ~Q(level="Local authority"),
                name="national_value_council_for_la_rows",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.ref} {self.year} {self.name}"


class ValueChange(models.Model):
    """What a revised file changed: the value before and after, and the import (who, when)."""

    value = models.ForeignKey(CouncilValue, on_delete=models.CASCADE, related_name="changes")
    made_by = models.ForeignKey(NationalImport, on_delete=models.PROTECT, related_name="changes")
    old_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    old_numerator = models.PositiveIntegerField(null=True, blank=True)
    old_denominator = models.PositiveIntegerField(null=True, blank=True)
    old_status = models.CharField(max_length=10, choices=Status.choices)
    new_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    new_numerator = models.PositiveIntegerField(null=True, blank=True)
    new_denominator = models.PositiveIntegerField(null=True, blank=True)
    new_status = models.CharField(max_length=10, choices=Status.choices)

    class Meta:
        ordering = ["-made_by__imported_at", "pk"]

    def __str__(self) -> str:
        return f"{self.value}: {self.old_value} -> {self.new_value}"


class PendingFile(models.Model):
    """An uploaded DfE file between its preview and the admin's confirmation (public
    statistics, not children's records); deleted once loaded or abandoned."""

    token = models.CharField(max_length=32, db_index=True)
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.file_name


class EnteredValue(models.Model):
    """A council's figure for an indicator and year typed in by an admin on the neighbour sheet,
    for a year DfE has not published (DfE's own figures are CouncilValue); empty where not known.
    `year` is DfE's: the year ending 31 March, 2025 for 2024-25."""

    indicator = models.ForeignKey("scorecard.Indicator", on_delete=models.CASCADE, related_name="entered_values")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="entered_values")
    year = models.PositiveSmallIntegerField(
        help_text="The year ending 31 March: 2025 for 2024-25.",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "council__name"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "council", "year"], name="entered_value_unique"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="entered_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council.name} {self.indicator.ref} {benchmark.year_label(self.year)}"


class ChildPopulation(models.Model):
    """ONS's mid-year estimate of the children aged 0 to 17 in an area: England, a region or a
    council. DfE's rate per 10,000 for the year ending 31 March Y uses the estimate of mid-(Y - 1)."""

    mid_year = models.PositiveSmallIntegerField(
        help_text="ONS's time_period: the estimate at 30 June of this year.",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    area_code = models.CharField(max_length=9, help_text="The council's old code, or the region's or England's code.")
    council = models.ForeignKey(Council, null=True, blank=True, on_delete=models.PROTECT, related_name="populations")
    name = models.CharField(max_length=100)
    population = models.PositiveIntegerField(null=True, blank=True, help_text="Empty where ONS gives none (x).")
    source = models.CharField(max_length=255, help_text="The file it was read from.")

    class Meta:
        ordering = ["mid_year", "level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["mid_year", "area_code"], name="child_population_unique_area"),
            models.CheckConstraint(
                condition=Q(level="Local authority", council__isnull=False) | ~Q(level="Local authority"),
                name="child_population_council_for_la_rows",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} mid-{self.mid_year}: {self.population}"


class ScorecardCouncil(models.Model):
    """Which council this database's scorecard is for (one row), recorded by demo_setup and
    setup_council, so that serving it as another council (settings.OUR_COUNCIL_CODE) is refused."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.council)
