"""A standard Notification: its subject and recipients are in the JSON, its message in the HTML."""
