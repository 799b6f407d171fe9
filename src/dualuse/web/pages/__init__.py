"""The pages of the web UI, one module per area; each handler calls services and renders a template."""
