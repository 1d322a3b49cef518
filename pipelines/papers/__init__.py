"""Paper profiles (one YAML file per paper in this folder) and how a page gets one (profile.py)."""

from pipelines.papers.profile import (
    Jurisdiction,
    PaperProfile,
    PaperSource,
    choose_paper,
    profile,
    profiles,
)

__all__ = ["Jurisdiction", "PaperProfile", "PaperSource", "choose_paper", "profile", "profiles"]
