"""The web UI's ports onto the services (keys, check jobs, dispositions) and their adapters."""
