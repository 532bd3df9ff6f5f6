// --invoke of an export other than _start in a WASI command module: the function runs
// without main, its result is printed by kiln.
__attribute__((export_name("square"))) int square(int x) { return x * x; }

int main(void) { return 1; }
