"""ldtui: the Learning Day facilitator's console (see README.md)."""

__version__ = "0.1.0"
