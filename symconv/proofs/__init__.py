"""proofs: see the package layout in README."""
