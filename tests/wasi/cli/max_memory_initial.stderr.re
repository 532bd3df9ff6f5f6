error: .*memory.*
