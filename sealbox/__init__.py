"""Smart seal boxes over Bluetooth LE: the sans-IO protocol (``protocol``), the bleak session
(``session``, the only package that imports bleak) and a simulated box on bumble
(``simulator``, extra ``sealdesk[sim]``)."""
