"""Online story clustering and storylines."""
