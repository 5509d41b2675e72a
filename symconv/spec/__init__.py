"""spec: see the package layout in README."""
