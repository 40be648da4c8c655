"""The pipeline stages, one module each; data flows one way (see DESIGN.md)."""
