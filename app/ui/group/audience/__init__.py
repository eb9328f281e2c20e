"""The audience screen: a separate, minimal widget tree for the projector.

It is given only display data (strings, numbers, a media path) and never a service,
profile or journal object, so nothing private can reach the wall.
"""

from app.ui.group.audience.window import AudienceWindow

__all__ = ["AudienceWindow"]
