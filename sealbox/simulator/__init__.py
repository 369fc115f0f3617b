"""A simulated seal box on bumble, running the same protocol code (extra ``sealdesk[sim]``)."""
