"""UI strings of serving a workspace: the room sign-in page, the landing page's link to the room
view, the "server full" page and the connection banner, each with its {placeholders}."""

SERVE_STRINGS: dict[str, set[str]] = {
    "serve.signin.title": set(),
    "serve.signin.intro": set(),
    "serve.signin.passcode": set(),
    "serve.signin.submit": set(),
    "serve.signin.wrong": set(),
    "serve.full.title": set(),
    "serve.full.message": set(),
    "serve.banner.lost": set(),
    "serve.banner.reload": set(),
    "serve.banner.reload_button": set(),
    "serve.landing.room": set(),
}
