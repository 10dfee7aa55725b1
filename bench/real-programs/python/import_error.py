"""A script whose dependency is not installed: it fails at its first line, before any work."""
import boundwise_not_installed_anywhere  # noqa: F401

print("never reached")
