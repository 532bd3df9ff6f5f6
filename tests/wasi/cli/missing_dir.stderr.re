error: cannot open directory '[^\n]*/nonexistent': No such file or directory
