"""User-facing adapters: the CLI (and later the HTTP API and web page)."""
