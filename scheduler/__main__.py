"""`python -m scheduler` runs the command line, like the `scheduler` command."""

from scheduler.cli import app

app()
