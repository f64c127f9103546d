"""Ketamine & esketamine legal-status dataset: schema, validation, build, API and CLI."""
