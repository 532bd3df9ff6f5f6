error: memory of 33554432 bytes exceeds the store.s limit of 16777216 bytes for all memories \(0 in use\)
