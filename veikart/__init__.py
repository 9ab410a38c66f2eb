"""veikart: roadmap timelines for national e-health, from YAML in git."""

__version__ = "0.1.0"
