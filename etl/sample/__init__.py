"""Seeded sample data in the contract's formats (see etl.sample.generate)."""
