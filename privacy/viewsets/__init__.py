"""The privacy officer's screens in the Wagtail admin, one module per area.

Each module lists its viewsets in VIEWSETS; privacy/wagtail_hooks.py puts them in one menu.
"""
