"""api: see the package layout in README."""
