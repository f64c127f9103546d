"""Source checkers: re-fetch cited documents and watch official schedules.

They only report (quote no longer found, page changed, official list disagrees); nothing here
ever writes to data/. Entry points for the command line are in `scrapers.cli`.
"""
