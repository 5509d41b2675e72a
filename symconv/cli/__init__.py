"""cli: see the package layout in README."""
