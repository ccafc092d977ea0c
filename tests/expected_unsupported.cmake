# The expected-unsupported list's test: every device present is asked whether each
# conformance point is supported, against expected_unsupported.txt (new refusals and stale
# entries fail). The list's reader library is defined in CMakeLists.txt.
gpuprobe_add_test(expected_unsupported_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/expected_unsupported_test.cpp
                  LIBS gpuprobe_core gpuprobe_expected_unsupported)
target_include_directories(expected_unsupported_test PRIVATE ${CMAKE_SOURCE_DIR}/probe)
add_dependencies(expected_unsupported_test gpuprobe)
