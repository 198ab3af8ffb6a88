"""Plain helpers of ib_edexml (no models): the EDEXML reader and writer."""
