"""The scenario editor: a place where a content lead makes a scenario from a clip."""
