"""The assessments of a cycle, as store collections: the baseline (Step 2) and the follow-up
(Step 6) hold the same items and fields (rating, evidence, source), side by side, so a
follow-up never overwrites the baseline."""

from tpi_widgets.core.records import ASSESSMENT_FIELDS as FIELDS, BASELINE, FOLLOWUP  # noqa: F401  (declared there)
