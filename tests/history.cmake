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

# Fills a store with crafted runs (the History panel's test) or copies of a real result
# (bench/history's 10,000 runs).
add_executable(history_fill ${CMAKE_CURRENT_SOURCE_DIR}/history_fill.cpp)
target_include_directories(history_fill PRIVATE ${CMAKE_SOURCE_DIR}/include ${CMAKE_SOURCE_DIR}/tests)
target_compile_options(history_fill PRIVATE ${GPUPROBE_WARNINGS})
target_link_libraries(history_fill PRIVATE gpuprobe_history gpuprobe_core)

# The History panel under Xvfb: a store of crafted runs, its trend chart shot to a PNG; and a
# corrupt store, whose error the panel shows (and which it leaves as it was).
if(TARGET gpuprobe-gui AND GPUPROBE_XVFB_RUN)
  set(history_artifacts ${CMAKE_BINARY_DIR}/gui-test-artifacts)
  add_test(NAME gui_history_panel
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/history_gui_test.sh $<TARGET_FILE:history_fill>
                   $<TARGET_FILE:gpuprobe-gui> ${history_artifacts} $<TARGET_FILE:gpuprobe>)
  set_tests_properties(gui_history_panel PROPERTIES TIMEOUT 120 RUN_SERIAL ON
                       ENVIRONMENT XDG_CONFIG_HOME=${history_artifacts}/config)
endif()

if(TARGET gpuprobe_gui_model)
  gpuprobe_add_test(history_browser_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/history_browser_test.cpp
                    LIBS gpuprobe_gui_model gpuprobe_history gpuprobe_core)
endif()
