"""Helpers for the policing-reform text-analysis notebooks."""
