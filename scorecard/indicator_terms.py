"""What an indicator's settings mean, in words a councillor or an admin reads without
knowing the product's terms: its unit, which way is better, and how it is counted. Used
on the indicator page and in the admins' indicator form. Pure, no Django."""

from __future__ import annotations

from scorecard import figures, periods, rag

UNIT = {
    figures.COUNT: "A number: how many",
    figures.PERCENTAGE: "A percentage of a group (a numerator out of a denominator)",
    figures.RATE_PER_10000: "A rate for every 10,000 children under 18 living in the area",
}
POLARITY = {
    rag.HIGHER_IS_BETTER: "Higher is better",
    rag.LOWER_IS_BETTER: "Lower is better",
    rag.NO_POLARITY: "Neither: it describes the service (context), so it has no target and no RAG",
}
MEASURE = {
    periods.SNAPSHOT: "On the last day of each quarter",
    periods.CUMULATIVE: "From 1 April up to the end of each quarter: it builds up through the year",
    periods.ROLLING_12_MONTHS: "Over the 12 months up to the end of each quarter",
}
