"""Turn what the services return into what a page shows: pure functions, no I/O."""
