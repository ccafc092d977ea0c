# The run history: the SQLite store in-process (contract, schema, eight writer processes,
# corrupt / locked / newer files), the CLI against it, and the PostgreSQL store against a real
# server started for the test on loopback (history_postgres_test.sh).
find_package(SQLite3 REQUIRED)  # the test opens the file itself, as another process would
gpuprobe_add_test(history_store_test
                  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/history_store_test.cpp
                          ${CMAKE_SOURCE_DIR}/probe/cli/history_command.cpp
                  LIBS gpuprobe_history gpuprobe_core SQLite::SQLite3 nlohmann_json::nlohmann_json)
target_include_directories(history_store_test PRIVATE ${CMAKE_SOURCE_DIR}/probe)

# Run by the script only, with the URL of the server it started.
add_executable(history_postgres_test ${CMAKE_CURRENT_SOURCE_DIR}/history_postgres_test.cpp)
target_include_directories(history_postgres_test PRIVATE ${CMAKE_SOURCE_DIR}/include ${CMAKE_SOURCE_DIR}/tests)
target_compile_options(history_postgres_test PRIVATE ${GPUPROBE_WARNINGS})
target_link_libraries(history_postgres_test PRIVATE gpuprobe_test_main gpuprobe_history gpuprobe_core)
add_test(NAME history_postgres
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/history_postgres_test.sh
                 $<TARGET_FILE:history_postgres_test> $<TARGET_FILE:gpuprobe>)
set_tests_properties(history_postgres PROPERTIES TIMEOUT 120)

add_test(NAME history_cli
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/history_cli_test.sh $<TARGET_FILE:gpuprobe>)
set_tests_properties(history_cli PROPERTIES TIMEOUT 240)
