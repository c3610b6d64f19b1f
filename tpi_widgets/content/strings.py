"""The UI strings the code uses, each with the `{placeholders}` it fills in.

A pack's default language must define all of them; other languages may leave some out and
fall back to the default. Adding a string here means adding it to every pack's default file.
Strings used by one step only are declared in that step's module (strings_step<N>.py) and
written in the pack's strings/step<N>.<language>.yaml.
"""

from .strings_step1 import STEP1_STRINGS
from .strings_step3 import STEP3_STRINGS
from .strings_step4 import STEP4_STRINGS
from .strings_step5 import STEP5_STRINGS
from .strings_step6 import STEP6_STRINGS
from .strings_reports import REPORT_STRINGS
from .strings_report_annex1 import ANNEX1_STRINGS
from .strings_report_annex2 import ANNEX2_STRINGS
from .strings_report_annex3 import ANNEX3_STRINGS
from .strings_report_evaluation import EVALUATION_REPORT_STRINGS
from .strings_room import ROOM_STRINGS
from .strings_serve import SERVE_STRINGS
from .strings_roles import ROLES_STRINGS

BASE_STRINGS: dict[str, set[str]] = {
    "app.title": set(),
    "app.saved": set(),
    "app.saving": set(),
    "app.save_failed": {"reason"},
    "app.updated": {"name"},
    "app.saved_by": {"name", "time"},
    "validation.required": set(),
    "validation.email": set(),
    "validation.phone": set(),
    "validation.date": set(),
    "validation.number": set(),
    "validation.end_before_start": set(),
    "participant.heading": set(),
    "participant.intro": set(),
    "participant.name": set(),
    "participant.institution": set(),
    "participant.role": set(),
    "participant.role_placeholder": set(),
    "access.facilitator_only": set(),
    "access.step_locked": set(),
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
    "chart.title": set(),
    "chart.items": set(),
    "chart.show": set(),
    "chart.hide": set(),
    "landing.intro": set(),
    "landing.empty": set(),
    "landing.cycle": {"cycle"},
}

REQUIRED_STRINGS: dict[str, set[str]] = {**BASE_STRINGS, **STEP1_STRINGS, **STEP3_STRINGS, **STEP4_STRINGS,
                                          **STEP5_STRINGS, **STEP6_STRINGS, **REPORT_STRINGS, **ANNEX1_STRINGS,
                                          **ANNEX2_STRINGS, **ANNEX3_STRINGS, **EVALUATION_REPORT_STRINGS,
                                          **ROOM_STRINGS, **SERVE_STRINGS, **ROLES_STRINGS}
