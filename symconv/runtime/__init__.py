"""runtime: see the package layout in README."""
