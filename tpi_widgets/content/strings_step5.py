"""UI strings of Step 5, each with the {placeholders} it fills in (see strings.py)."""

STEP5_STRINGS: dict[str, set[str]] = {
}
