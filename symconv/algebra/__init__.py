"""algebra: see the package layout in README."""
