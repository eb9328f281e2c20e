"""Seams onto the operating system: what kind of drive a folder is on, who may read it, and
replacing a file that another program holds open. Each asks the OS through one small function
that tests replace to show Windows and macOS behaviour on any machine."""
