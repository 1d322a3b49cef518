"""Paper profiles (one YAML file per paper in this folder, and the user's own in the folder GAZETTE_PAPERS
names) and how a page gets one (profile.py)."""

from gazette.papers.profile import (
    Jurisdiction,
    PaperProfile,
    PaperSource,
    choose_paper,
    profile,
    profiles,
    user_profile_files,
)

__all__ = ["Jurisdiction", "PaperProfile", "PaperSource", "choose_paper", "profile", "profiles", "user_profile_files"]
