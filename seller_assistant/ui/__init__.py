"""The window: Qt only. Pages present and delegate; rules live in core/, SQL in store/."""
