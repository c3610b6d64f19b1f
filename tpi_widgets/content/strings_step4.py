"""UI strings of Step 4, each with the {placeholders} it fills in (see strings.py)."""

# The label of every field of a plan row names the row ("Row 2.1.3 activity"): labels stay
# unique on the page, and a screen reader or a test finds a field by its label.
ROW_FIELD_STRINGS: dict[str, set[str]] = {
    f"plan.field_{name}": {"number"} for name in (
        "result", "activity", "responsible", "institution", "start", "end", "resources", "funding",
        "indicator", "baseline", "target", "verification", "status", "gaps")
}

STEP4_STRINGS: dict[str, set[str]] = {
    **ROW_FIELD_STRINGS,
    "plan.field_budget": {"number", "currency"},
    "plan.heading": {"cycle"},
    "plan.intro": set(),
    "plan.objective_heading": {"number", "title"},
    "plan.area_heading": {"number", "title"},
    "plan.empty_group": set(),
    "plan.add_row": {"group"},
    "plan.row_title": {"number"},
    "plan.move_up": set(),
    "plan.move_down": set(),
    "plan.delete": set(),
    "plan.move_up_tip": {"number"},
    "plan.move_down_tip": {"number"},
    "plan.delete_tip": {"number"},
    "plan.deleted": {"name", "activity"},
    "plan.undo": set(),
    "plan.institution_none": set(),
    "plan.date_placeholder": set(),
    "plan.budget_placeholder": set(),
    "plan.gaps_hint": set(),
    "plan.focus_option": {"code", "text"},
    "plan.gap_option": {"code", "text"},
    "plan.no_focus": set(),
    "plan.all_covered": set(),
    "plan.uncovered": {"count"},
    "plan.budget_heading": {"currency"},
    "plan.budget_objective": set(),
    "plan.budget_funding": set(),
    "plan.budget_amount": set(),
    "plan.budget_total": set(),
    "plan.funding_not_given": set(),
    "plan.not_a_number": {"count"},
    "plan.chart_show": set(),
    "plan.chart_hide": set(),
    "plan.chart_title": set(),
    "plan.chart_undated": {"count"},
}
