"""Serving a workspace: Voila with the workshop template, the server's own pages (landing,
sign-in), the room's network and the kernel cap."""
