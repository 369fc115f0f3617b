"""PDF signatures with seals (PAdES through pyHanko) and their offline verification."""
