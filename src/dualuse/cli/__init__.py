"""The dualuse command line: typer commands that call services and render results with rich."""
