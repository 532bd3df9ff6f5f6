error: .*fuel.*
