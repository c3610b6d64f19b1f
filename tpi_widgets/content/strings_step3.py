"""UI strings of Step 3, each with the {placeholders} it fills in (see strings.py)."""

STEP3_STRINGS: dict[str, set[str]] = {
}
