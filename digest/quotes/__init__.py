"""Quotes: quotations, their speakers and attribution phrases, found in the Arabic, and
the quotes pages' index."""
