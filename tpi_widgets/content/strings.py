"""The UI strings the code uses, each with the `{placeholders}` it fills in.

A pack's default language must define all of them; other languages may leave some out and
fall back to the default. Adding a string here means adding it to every pack's default file.
"""

REQUIRED_STRINGS: dict[str, set[str]] = {
    "app.title": set(),
    "app.saved": set(),
    "app.saving": set(),
    "app.save_failed": {"reason"},
    "app.updated": {"name"},
    "participant.heading": set(),
    "participant.intro": set(),
    "participant.name": set(),
    "participant.institution": set(),
    "participant.role": set(),
    "participant.start": set(),
    "participant.missing_name": set(),
    "participant.missing_institution": set(),
    "participant.signed_in": {"name", "institution", "role"},
    "participant.change": set(),
    "step.heading": {"number", "title"},
    "step.purpose": set(),
    "step.activities": set(),
    "step.outputs": set(),
    "step.not_yet": set(),
    "assessment.heading": {"cycle"},
    "assessment.intro": {"target"},
    "assessment.rating": set(),
    "assessment.unrated": set(),
    "assessment.evidence": set(),
    "assessment.evidence_placeholder": set(),
    "assessment.source": set(),
    "assessment.source_placeholder": set(),
    "assessment.progress": {"done", "total"},
    "assessment.saved_by": {"name", "time"},
    "chart.title": set(),
    "chart.items": set(),
    "landing.intro": set(),
    "landing.empty": set(),
    "landing.cycle": {"cycle"},
}
