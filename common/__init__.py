"""What every part of apostilla shares: typed errors, safe file I/O, hardened XML reading."""
