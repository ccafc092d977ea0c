# gpuprobe compare, the regression gate and JUnit output (crafted documents; one short CPU
# run end to end). The JUnit test validates with xmllint (libxml2-utils, scripts/setup.sh).
gpuprobe_add_test(compare_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/compare_test.cpp
                  LIBS gpuprobe_core nlohmann_json::nlohmann_json)
target_include_directories(compare_test PRIVATE ${CMAKE_SOURCE_DIR}/probe)
add_dependencies(compare_test gpuprobe)

add_executable(compare_fixture_writer ${CMAKE_CURRENT_SOURCE_DIR}/compare_fixture_writer.cpp)
target_include_directories(compare_fixture_writer PRIVATE ${CMAKE_SOURCE_DIR}/probe ${CMAKE_SOURCE_DIR}/tests)
target_compile_options(compare_fixture_writer PRIVATE ${GPUPROBE_WARNINGS})
target_link_libraries(compare_fixture_writer PRIVATE gpuprobe_core)

# The README's CI section as written: the gate fails a crafted regression, passes a
# noise-level change (a few seconds of the CPU backend's read).
add_test(NAME compare_readme_ci_commands
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/compare_readme_test.sh ${CMAKE_SOURCE_DIR}
                 ${GPUPROBE_OUTPUT_DIR} ${CMAKE_CURRENT_BINARY_DIR}/compare_readme)
set_tests_properties(compare_readme_ci_commands PROPERTIES TIMEOUT 120 RUN_SERIAL ON)
