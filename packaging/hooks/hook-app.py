"""PyInstaller hook for Casebook's own package: every module (command groups and screens are
imported by name, which PyInstaller cannot see) and the bundled content (app/resources)."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

hiddenimports = collect_submodules("app")
datas = collect_data_files("app", excludes=["**/__pycache__"])
