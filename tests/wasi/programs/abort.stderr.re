error: unreachable
.*abort.*
.*give_up.*
.*give_up.*
.*give_up.*
.*__original_main.*
.*_start.*
