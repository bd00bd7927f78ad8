from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from scorecard import entry, figures, periods, rag


class Theme(models.TextChoices):
    POPULATION = "population", "Children in care"
    CARE_PLANNING = "care_planning", "Care planning"
    PLACEMENTS = "placements", "Placements"
    HEALTH = "health", "Health"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    PERMANENCE = "permanence", "Permanence"
    CARE_LEAVERS = "care_leavers", "Care leavers"


class Unit(models.TextChoices):
    COUNT = figures.COUNT, "Count"
    PERCENTAGE = figures.PERCENTAGE, "Percentage"
    RATE_PER_10000 = figures.RATE_PER_10000, "Rate per 10,000 children"


class Polarity(models.TextChoices):
    HIGHER = rag.HIGHER_IS_BETTER, "Higher is better"
    LOWER = rag.LOWER_IS_BETTER, "Lower is better"
    NONE = rag.NO_POLARITY, "None (context only)"


class MeasureType(models.TextChoices):
    SNAPSHOT = periods.SNAPSHOT, "Snapshot at period end"
    CUMULATIVE = periods.CUMULATIVE, "Cumulative in the year"
    ROLLING = periods.ROLLING_12_MONTHS, "Rolling 12 months"


class Indicator(models.Model):
    ref = models.CharField("reference", max_length=20, unique=True)
    short_name = models.CharField(max_length=80)
    description = models.CharField(max_length=300)
    theme = models.CharField(max_length=20, choices=Theme.choices)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    measure_type = models.CharField(max_length=20, choices=MeasureType.choices)
    decimals = models.PositiveSmallIntegerField("decimal places shown", default=1, validators=[MaxValueValidator(4)])
    display_order = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField("active", default=True)
    definition = models.TextField(blank=True)
    statement = models.CharField(
        max_length=200,
        blank=True,
        help_text="How a key point reads after the number: 'of children looked after for a year or more had "
        "up-to-date dental checks'.",
    )
    change_threshold = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=entry.DEFAULT_CHANGE_THRESHOLD,
        help_text="A figure that moves by more than this (in the indicator's unit: percentage points for a "
        "percentage) from the previous comparable period needs a commentary explaining it.",
    )

    class Meta:
        ordering = ["display_order", "ref"]
        constraints = [models.CheckConstraint(condition=Q(decimals__lte=4), name="indicator_decimals_lte_4")]

    def __str__(self) -> str:
        return f"{self.ref}. {self.short_name}"

    @property
    def has_counts(self) -> bool:
        return self.unit != Unit.COUNT


class Period(models.Model):
    financial_year = models.PositiveSmallIntegerField(
        help_text="The calendar year the financial year starts in: 2023 for 2023-24.",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    quarter = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text="1-4, or empty for the year-end outturn.",
    )
    start_date = models.DateField(editable=False)
    end_date = models.DateField(editable=False)

    class Meta:
        ordering = ["financial_year", F("quarter").asc(nulls_last=True)]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="period_quarter_1_to_4",
            ),
            models.UniqueConstraint(
                fields=["financial_year", "quarter"],
                condition=Q(quarter__isnull=False),
                name="period_unique_quarter",
            ),
            models.UniqueConstraint(
                fields=["financial_year"],
                condition=Q(quarter__isnull=True),
                name="period_unique_year_end",
            ),
            models.CheckConstraint(condition=Q(start_date__lt=F("end_date")), name="period_starts_before_end"),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        self.start_date, self.end_date = periods.period_dates(self.key)
        super().save(*args, **kwargs)

    @property
    def key(self) -> periods.PeriodKey:
        return periods.PeriodKey(self.financial_year, self.quarter)

    @property
    def label(self) -> str:
        return periods.period_label(self.key)

    @property
    def slug(self) -> str:
        return periods.period_slug(self.key)

    @property
    def is_year_end(self) -> bool:
        return self.quarter is None


class FigureStatus(models.TextChoices):
    PROVISIONAL = "provisional", "Provisional"
    FINAL = "final", "Final"


class ChangeMeans:
    """How a figure was changed, kept as the reason of its history record."""

    FORM = "form"
    UPLOAD = "upload"
    ADMIN = "admin"
    COMMAND = "command"
    RESTORE = "restore"
    UNLOCK = "unlock"
    PUBLICATION_CHECK = "commentary checked for publication"
    PUBLICATION_WITHDRAWN = "commentary withdrawn from publication"
    BEFORE_HISTORY = "as loaded before history"  # the state a fixture loaded, recorded at its first change


class Figure(models.Model):
    """One indicator's value for one period.

    `value` is computed from the counts (figures.compute_value) and stored so
    pages read it without arithmetic; where only a published value is known it
    is that value. `published_value` keeps what was published when it differs
    from what the counts give.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="figures")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="figures")
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    value = models.DecimalField(
        max_digits=16, decimal_places=6, blank=True, help_text="Computed from the counts where there are counts."
    )
    published_value = models.DecimalField(max_digits=16, decimal_places=6, null=True, blank=True)
    status = models.CharField(max_length=12, choices=FigureStatus.choices, default=FigureStatus.PROVISIONAL)
    commentary = models.TextField(blank=True)
    commentary_checked = models.BooleanField(
        "commentary checked for publication",
        default=False,
        help_text="Shown in public versions only once an officer has checked it; changing the text clears it.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__display_order", "period__financial_year", "period__quarter"]
        permissions = [
            ("unlock_figure", "Can unlock a final figure"),
            ("restore_figure", "Can restore an earlier version of a figure"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="figure_unique_indicator_period"),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True, denominator__isnull=True)
                | Q(numerator__isnull=False, denominator__isnull=False),
                name="figure_numerator_with_denominator",
            ),
            # Holds for every unit we have: a percentage's part is within its
            # whole, and a rate's children are within the child population.
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__lte=F("denominator")),
                name="figure_numerator_lte_denominator",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0), name="figure_denominator_positive"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="figure_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.ref} {self.period.label}"

    def save(self, *args, **kwargs):
        computed = self.computed_value
        if computed is not None:
            self.value = computed
        super().save(*args, **kwargs)

    @property
    def computed_value(self) -> Decimal | None:
        return figures.compute_value(self.numerator, self.denominator, self.indicator.unit)

    def as_entry(self) -> entry.Entry:
        """The figure as the entry that would leave it unchanged."""
        value = self.published_value if self.published_value is not None else self.value
        value = None if self.numerator is not None else value
        return entry.Entry(self.numerator, self.denominator, value, self.status, self.commentary)

    def clean(self):
        errors = figures.count_errors(self.numerator, self.denominator, self.indicator.unit)
        if not errors and self.numerator is None and self.value is None:
            errors["value"] = "Enter a value, or a numerator and denominator."
        if errors:
            raise ValidationError(errors)


class Target(models.Model):
    """An indicator's target for a financial year, or for one quarter of it
    where the target is phased (Q1 2.5%, Q2 5%, ...)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    financial_year = models.PositiveSmallIntegerField(validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    quarter = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text="For a phased target; empty for the whole year.",
    )
    value = models.DecimalField(max_digits=12, decimal_places=4)
    tolerance = models.DecimalField(
        max_digits=8,
        decimal_places=4,
        default=rag.DEFAULT_TOLERANCE.amount,
        help_text="How far a figure may miss the target and be amber: 0.05 is 5% of the target "
        "(relative), or a number of points.",
    )
    tolerance_kind = models.CharField(
        max_length=10,
        choices=[(rag.RELATIVE, "Relative (fraction of target)"), (rag.POINTS, "Points")],
        default=rag.RELATIVE,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__display_order", "financial_year", F("quarter").asc(nulls_first=True)]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4), name="target_quarter_1_to_4"
            ),
            models.CheckConstraint(condition=Q(tolerance__gte=0), name="target_tolerance_not_negative"),
            models.UniqueConstraint(
                fields=["indicator", "financial_year", "quarter"],
                condition=Q(quarter__isnull=False),
                name="target_unique_quarter",
            ),
            models.UniqueConstraint(
                fields=["indicator", "financial_year"],
                condition=Q(quarter__isnull=True),
                name="target_unique_year",
            ),
        ]

    def __str__(self) -> str:
        when = periods.period_label(periods.PeriodKey(self.financial_year, self.quarter))
        return f"{self.indicator.ref} target {when}: {self.value.normalize():f}"

    @property
    def tolerance_rule(self) -> rag.Tolerance:
        return rag.Tolerance(self.tolerance, self.tolerance_kind)


class Comparator(models.Model):
    """A group whose average the council compares itself with."""

    name = models.CharField(max_length=80, unique=True)
    short_name = models.CharField(max_length=20, help_text="Column heading, e.g. 'SN' or 'England'.")
    sentence_name = models.CharField(
        max_length=40, blank=True, help_text="How it reads in a key point: 'statistical-neighbour', 'England'."
    )
    statistic = models.CharField(
        max_length=10,
        choices=[("mean", "Mean of the group"), ("median", "Median of the group"), ("national", "National figure")],
        default="mean",
        help_text="DfE's dashboards use the median of the statistical neighbours; older tools the mean.",
    )
    display_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self) -> str:
        return self.name


class ComparatorStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    NOT_PUBLISHED = "not_published", "Not published"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class ComparatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="comparator_values")
    comparator = models.ForeignKey(Comparator, on_delete=models.PROTECT, related_name="values")
    year = models.PositiveSmallIntegerField(
        help_text="The year the average is for: 2021 for 2021/22.",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    value = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    status = models.CharField(max_length=20, choices=ComparatorStatus.choices, default=ComparatorStatus.PUBLISHED)
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the average came from when it was worked out rather than entered, e.g. DfE's national "
        "statistics; empty for an average entered or uploaded by hand.",
    )
    dfe_value = models.DecimalField(
        "DfE's average",
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="For an average entered by hand: the same year's average worked out from DfE's published "
        "figures, where they are loaded (the hand-entered one is kept and shown; officers see both).",
    )
    dfe_source = models.CharField(max_length=200, blank=True, help_text="How DfE's average was worked out.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__display_order", "comparator__display_order", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "comparator", "year"], name="comparator_value_unique_indicator_comparator_year"
            ),
            models.CheckConstraint(
                condition=Q(status=ComparatorStatus.PUBLISHED, value__isnull=False)
                | (~Q(status=ComparatorStatus.PUBLISHED) & Q(value__isnull=True)),
                name="comparator_value_present_only_when_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.ref} {self.comparator.short_name} {periods.comparator_year_label(self.year)}"

    @property
    def is_loaded(self) -> bool:
        """Worked out from loaded figures (national statistics), not entered by hand."""
        return bool(self.source)


class Breakdown(models.TextChoices):
    ETHNICITY = "ethnicity", "Ethnicity"
    AGE = "age", "Age"
    GENDER = "gender", "Gender"


class DemographicSeries(models.Model):
    """One column of the demographic profile: the CLA cohort at a date, the
    borough's child population, or a comparator's average."""

    name = models.CharField(max_length=80, unique=True)
    display_order = models.PositiveIntegerField(default=0)
    in_charts = models.BooleanField(default=True, help_text="Shown in the profile charts as well as the tables.")
    counts_children = models.BooleanField(
        default=False,
        help_text="A snapshot of this council's children looked after (small numbers are suppressed in public "
        "versions), rather than a population or comparator average.",
    )
    as_at = models.DateField(null=True, blank=True, help_text="For a snapshot: the date it describes.")
    cohort_size = models.PositiveIntegerField(
        null=True, blank=True, help_text="For a snapshot: how many children the percentages are of."
    )

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name_plural = "demographic series"

    def __str__(self) -> str:
        return self.name


class DemographicShare(models.Model):
    series = models.ForeignKey(DemographicSeries, on_delete=models.CASCADE, related_name="shares")
    breakdown = models.CharField(max_length=12, choices=Breakdown.choices)
    category = models.CharField(max_length=40)
    category_order = models.PositiveSmallIntegerField(default=0)
    percentage = models.DecimalField(max_digits=6, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["breakdown", "category_order", "series__display_order"]
        constraints = [
            models.UniqueConstraint(fields=["series", "breakdown", "category"], name="demographic_share_unique"),
            models.CheckConstraint(
                condition=Q(percentage__gte=0, percentage__lte=100), name="demographic_share_percentage_0_to_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.category}: {self.percentage}%"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PanelReport(models.Model):
    """A period's information report to the Corporate Parenting Panel. Drafts show
    the live figures; publishing freezes everything the report shows in a
    ReportVersion, so later corrections never change what the panel was given. An
    admin may amend a published report: a new version, with the reason."""

    period = models.OneToOneField(Period, on_delete=models.PROTECT, related_name="report")
    committee = models.CharField(max_length=100, default="Corporate Parenting Panel")
    title = models.CharField(max_length=200, default="Information report – Activity and performance")
    meeting_date = models.DateField(null=True, blank=True)
    responsible_officer = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    details_checked = models.BooleanField(
        "title, officer and summary checked for publication",
        default=False,
        help_text="The public version shows them only once an officer has checked them; changing them clears it.",
    )
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period__financial_year", F("period__quarter").desc(nulls_first=True)]
        permissions = [
            ("publish_panelreport", "Can publish a panel report"),
            ("amend_panelreport", "Can amend a published panel report"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT) | Q(published_at__isnull=False),
                name="panel_report_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.period.label} ({self.get_status_display().lower()})"

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def latest_version_published_at(self):
        latest = self.versions.order_by("-number").first()
        return latest.published_at if latest else self.published_at


class ReportKeyPoint(models.Model):
    report = models.ForeignKey(PanelReport, on_delete=models.CASCADE, related_name="key_points")
    position = models.PositiveSmallIntegerField(default=0)
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    drafted = models.BooleanField(
        default=False,
        editable=False,
        help_text="The text is as the product drafted it: the public version drafts it again from public figures.",
    )
    checked_for_publication = models.BooleanField(default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


def _report_pdf_path(version: ReportVersion, filename: str) -> str:
    return f"reports/{version.report.period.slug}/v{version.number}/{filename}"


class ReportVersion(models.Model):
    """A published report, frozen: what the panel (and the public) were given.
    `snapshot` holds the report for the panel and its public version, each made by
    the read model for its audience; the PDFs are printed once, when first asked for."""

    report = models.ForeignKey(PanelReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    snapshot = models.JSONField(editable=False)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True, help_text="Why this version amends the one before.")
    pdf = models.FileField(upload_to=_report_pdf_path, blank=True, editable=False)
    public_pdf = models.FileField(upload_to=_report_pdf_path, blank=True, editable=False)

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique_number"),
            models.CheckConstraint(condition=Q(number=1) | ~Q(reason=""), name="report_amendment_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.report.period.label} report, version {self.number}"

    @property
    def is_amendment(self) -> bool:
        return self.number > 1


class DataVersion(models.Model):
    """One row whose counter every write to the data goes up by (scorecard/data_version.py).
    Cached pages are keyed by it, so a change of any figure makes them be built afresh."""

    counter = models.PositiveBigIntegerField(default=0)
    token = models.CharField(
        max_length=32,
        default="",
        help_text="Random at every bump, so a counter that "
        "goes back (a database restored, a test rolled back) never meets an old cache entry.",
    )
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"data version {self.counter} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
