/* The library FAKE_NEEDS_LIBRARY links against; the test never puts it on the loader path. */
int fake_dependency_function(void) { return 42; }
