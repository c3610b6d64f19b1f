"""UI strings of the annex documents, each with the {placeholders} it fills in (see strings.py).
REPORT_STRINGS are shared by every document (strings/report.<language>.yaml); each document
declares its own in strings_report_<document>.py, written in strings/report-<document>.<language>.yaml."""

REPORT_STRINGS: dict[str, set[str]] = {
    "report.partnership": set(),
    "report.institutions": set(),
    "report.cycle": {"cycle"},
    "report.built_on": {"date"},
    "report.page": set(),
    "report.sign_heading": set(),
    "report.sign_intro": set(),
    "report.sign_name": set(),
    "report.sign_position": set(),
    "report.sign_signature": set(),
    "report.sign_date": set(),
    "report.download_heading": set(),
    "report.download_intro": set(),
    "report.build": {"document"},
    "report.building": {"document"},
    "report.built": {"document"},
    "report.failed": {"reason"},
    "report.no_pdf": set(),
    "report.name_annex1": set(),
    "report.name_annex2": set(),
    "report.name_annex3": set(),
    "report.name_evaluation": set(),
}
