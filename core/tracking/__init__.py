"""Live carrier tracking: providers behind `TrackingSource`, normalised carriers and events."""
