"""The app's data layer, one module per concern; `core` is the only reader of the warehouse.

    core         connection, generations, the per-generation memo, query/records/at_once
    protected    the perturbation table and what applies it to counts of persons
    vocabulary   the value lists (dim_waarde): their order, roles and English names
    gaps         areas, indicators and their gaps to target (region, municipality, report)
    werkcentrum  the Werkcentrum's instruments
    datasets     researchers' datasets: slices on screen, in the API and in exports
    sob          social development companies
    beheer       what the data stewards and /healthz read: loads, quarantine, health

Callers import the concern they use (`from dashboard.data import gaps`); nothing is
re-exported here, so a page's imports say which concerns it reads.
"""
