"""scheduler: contact-center workforce scheduling, from forecast to legal roster."""

__version__ = "0.1.0"
