"""One screen a module; each is thin: it shows state, takes keys and calls the core."""
