"""The path of a contribution: the record form, the skeleton, the generated docs and git."""
