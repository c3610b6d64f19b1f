"""UI strings of Step 6, each with the {placeholders} it fills in (see strings.py)."""

STEP6_STRINGS: dict[str, set[str]] = {
}
