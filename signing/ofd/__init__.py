"""OFD (GB/T 33190): reading packages safely, and checking their seal signatures."""
