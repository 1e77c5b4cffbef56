"""The two ways in: the `digest` command line and the MkDocs plugin, both thin over the build."""
