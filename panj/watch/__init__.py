"""`panj watch`: poll folders and feeds, ingest what is new, and keep the dashboard live in the same process."""
