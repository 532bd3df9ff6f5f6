error: .*(timeout|timed out|interrupt).*
