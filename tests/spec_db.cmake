# Spec database, matching, identity check and support horizon (issue 11 parts 1-3 and 6).
set(spec_test_libs gpuprobe_core)
foreach(t spec_db_test spec_match_test identity_check_test support_horizon_test
          price_list_test)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${t}.cpp)
    gpuprobe_add_test(${t} PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/${t}.cpp LIBS ${spec_test_libs})
  endif()
endforeach()

# The CLI end to end on this machine's CPU (seconds): no row, a row from --spec-file, a bad row.
add_test(NAME CliSpecFileAndUnrecognisedDevice
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/spec/cli_spec_file.sh $<TARGET_FILE:gpuprobe>
                 ${CMAKE_CURRENT_BINARY_DIR}/cli_spec_file)
set_tests_properties(CliSpecFileAndUnrecognisedDevice PROPERTIES TIMEOUT 120)

# `gpuprobe check` end to end on this machine's backends (seconds of load, MiB of memory).
add_test(NAME check_end_to_end
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/check/check_cli.sh $<TARGET_FILE:gpuprobe>
                 ${CMAKE_BINARY_DIR}/check-test)
set_tests_properties(check_end_to_end PROPERTIES TIMEOUT 300 RUN_SERIAL ON)
