// The target that builds the tests' shared precompiled header (tests/CMakeLists.txt); it is
// never run.
int main() { return 0; }
