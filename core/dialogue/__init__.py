"""Dialogue: small handlers per intent and per pending step, registered on a `Router`."""
