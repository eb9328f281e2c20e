"""The Portfolio place: CPD log, reflective accounts, discussion and confirmation, export."""
