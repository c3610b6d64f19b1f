"""UI strings of Step 4, each with the {placeholders} it fills in (see strings.py)."""

STEP4_STRINGS: dict[str, set[str]] = {
}
