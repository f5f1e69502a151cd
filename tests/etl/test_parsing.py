"""The contract's parsing rules (etl/sql/staging/macros.sql), table-driven."""

import duckdb
import pytest

from etl.build import sql_file


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    c.execute(sql_file("staging", "macros"))
    yield c
    c.close()


@pytest.mark.parametrize("text, value", [
    ("4.597", 4597), ("12,5", 12.5), ("€ 1.234,50", 1234.5), ("€1.234,50", 1234.5),
    ("1.234.567", 1234567), ("12.5", 12.5), ("-3", -3), (" 7 ", 7), ("1 234", 1234),
    ("abc", None), ("1,2,3", None), ("", None), ("4.59", 4.59), ("0,65", 0.65),
])
def test_dutch_numbers(con, text, value):
    assert con.execute("SELECT nl_double(?)", [text]).fetchone()[0] == value


@pytest.mark.parametrize("text, label", [
    ("2024 K3", "2024-K3"), ("2024-K3", "2024-K3"), ("2024Q3", "2024-K3"),
    ("2024-q3", "2024-K3"), ("2024 k1", "2024-K1"), ("15-08-2024", "2024-K3"),
    ("2024-08-15", "2024-K3"), ("2024 K5", None), ("K3 2024", None), ("2024", None),
])
def test_quarters(con, text, label):
    assert con.execute("SELECT parse_quarter(?)", [text]).fetchone()[0] == label


@pytest.mark.parametrize("text, label", [
    ("2024-09", "2024-09"), ("09-2024", "2024-09"), ("9-2024", "2024-09"), ("sep 2024", "2024-09"),
    ("september 2024", "2024-09"), ("Sept. 2024", "2024-09"), ("mrt 2025", "2025-03"),
    ("okt 2023", "2023-10"), ("mei 2022", "2022-05"), ("2024-09-01", "2024-09"),
    ("2024-13", None), ("foo 2024", None), ("2024", None),
])
def test_months(con, text, label):
    assert con.execute("SELECT parse_month(?)", [text]).fetchone()[0] == label


@pytest.mark.parametrize("text, iso", [
    ("01-02-2025", "2025-02-01"), ("1-2-2025", "2025-02-01"), ("2025-02-01", "2025-02-01"),
    ("2025-02-01 00:00:00", "2025-02-01"), ("31-02-2025", None), ("02/01/2025", None),
])
def test_dates(con, text, iso):
    got = con.execute("SELECT CAST(parse_date(?) AS VARCHAR)", [text]).fetchone()[0]
    assert got == iso


@pytest.mark.parametrize("text, key", [
    ("GM0307", "gm0307"), ("307", "gm0307"), ("0307", "gm0307"), ("gm307", "gm0307"),
    ("Gemeente Amersfoort", "amersfoort"), ("  AMERSFOORT ", "amersfoort"),
    ("Súdwest-Fryslân", "sudwest-fryslan"), ("’s-Hertogenbosch", "'s-hertogenbosch"),
])
def test_municipality_keys(con, text, key):
    assert con.execute("SELECT gemeente_key(?)", [text]).fetchone()[0] == key
