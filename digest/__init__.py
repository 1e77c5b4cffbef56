"""digest: a static-site generator for annotated bilingual Arabic/English news digests."""

__version__ = "0.1.0"
