from django.apps import AppConfig


class Ssda903Config(AppConfig):
    """The scorecard's figures computed from the child-level SSDA903 extract.

    No models: child-level rows are read in memory and never stored; only the
    aggregates an officer accepts are saved, as figures, through scorecard.services."""

    name = "ssda903"
    verbose_name = "SSDA903 extract"
