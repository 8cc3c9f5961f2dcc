"""thai-circulars: scanned Thai government circulars to structured records."""

__version__ = "0.1.0"
