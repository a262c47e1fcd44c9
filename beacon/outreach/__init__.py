"""Outreach: partners, events with public registration, foreign press, community stories."""
