"""The site: pages rendered from templates, links between them, paging, and the
addresses taken from input."""
