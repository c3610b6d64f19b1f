"""UI strings of the roles inside step pages (locking a step, reconciling ratings), each with
the {placeholders} it fills in (see strings.py)."""

ROLES_STRINGS: dict[str, set[str]] = {
    "roles.lock": set(),
    "roles.unlock": set(),
    "roles.locked": set(),
    "roles.locked_facilitator": set(),
    "roles.proposals": {"summary"},
    "roles.no_proposals": set(),
    "roles.proposed_by": {"value", "names"},
    "roles.agree_choice": {"code"},
    "roles.agree": {"code"},
    "roles.reopen": {"code"},
    "roles.agreed": {"value"},
    "roles.your_proposal": set(),
}
