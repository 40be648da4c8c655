"""Execution engines for the per-document stages."""
