"""The web interface's page models, charts, templates and static assets (served by ``interfaces.api``)."""
