"""zaslon: sanctions screening over the official lists, explainable and multilingual."""

__version__ = "0.1.0"
