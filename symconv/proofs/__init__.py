"""Proofs: the chain rule element by element (``chain_rule``), proof objects and the budgeted
runner (``proof``, ``engine``, ``problems``), proofs for symbolic sizes (``general``) and the
kernel identities that check each NumPy kernel against its proved node."""
