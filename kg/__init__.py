"""kg: a knowledge graph of who backs and who fights whom, built from news."""

__version__ = "0.1.0"
