error: integer divide by zero
.*inner.*
.*middle.*
.*_start.*
