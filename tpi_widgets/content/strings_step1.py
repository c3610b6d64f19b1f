"""UI strings of Step 1, each with the {placeholders} it fills in (see strings.py)."""

STEP1_STRINGS: dict[str, set[str]] = {
}
