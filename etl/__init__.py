"""ETL of Participatiemonitor: raw files (data/raw) -> validated DuckDB warehouse."""
