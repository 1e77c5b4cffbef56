"""Outputs beside the pages: the JSON export, the search index and the Atom feeds."""
