# libgpuprobe: loader, suite planning, runner, statistics, results. Front-ends link this.
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/version.hpp.in ${CMAKE_CURRENT_BINARY_DIR}/gpuprobe_version.hpp)


# What both the front-end and the gpuprobe-worker need to open a plugin and talk about it:
# the loader, the ABI checks, the worker protocol and process handling.
add_library(gpuprobe_plugin_host STATIC
  ${CMAKE_CURRENT_SOURCE_DIR}/kernels.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/results.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/abi_check.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/plugin_registry.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/plugin_backend.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/memtest_call.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/telemetry_fields.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/telemetry_sampler.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/worker_protocol.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/worker_process.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/worker_backend.cpp)
target_include_directories(gpuprobe_plugin_host PUBLIC ${CMAKE_SOURCE_DIR}/include
                                                PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_options(gpuprobe_plugin_host PRIVATE ${GPUPROBE_WARNINGS})
target_link_libraries(gpuprobe_plugin_host PUBLIC Threads::Threads ${CMAKE_DL_LIBS})

# The worker process: one plugin per process, next to the executables (where
# find_worker_executable() looks first).
add_executable(gpuprobe-worker ${CMAKE_CURRENT_SOURCE_DIR}/worker/main.cpp)
target_include_directories(gpuprobe-worker PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_options(gpuprobe-worker PRIVATE ${GPUPROBE_WARNINGS})
target_link_libraries(gpuprobe-worker PRIVATE gpuprobe_plugin_host)

add_library(gpuprobe_core STATIC
  ${CMAKE_CURRENT_SOURCE_DIR}/statistics.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/result_io.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/result_validation.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/input_file.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/output_file.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/journal.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/point_check.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/suite_plan.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/measure.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/session.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/point_budget.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/host_info.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/report_format.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/compare.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/compare_format.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/junit_report.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/telemetry_format.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/analysis.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/sustained_load.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/throttle_analysis.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/buyer_verdict.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/price_list.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/buyer_check.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/buyer_check_format.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/csv_lines.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/pci_ids.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/spec_db.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/spec_match.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/identity_check.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/spec_consistency.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/support_horizon.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/memtest_analysis.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/memtest_format.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/memtest_plugin.cpp)
target_include_directories(gpuprobe_core PUBLIC ${CMAKE_SOURCE_DIR}/include
                                         PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR})
target_compile_options(gpuprobe_core PRIVATE ${GPUPROBE_WARNINGS})
target_link_libraries(gpuprobe_core PUBLIC gpuprobe_plugin_host Threads::Threads ${CMAKE_DL_LIBS}
                                    PRIVATE nlohmann_json::nlohmann_json)
# Whatever links the core (CLI, GUI, tests) runs backends in workers: build the worker first.
add_dependencies(gpuprobe_core gpuprobe-worker)

# The command line as a pure function (cli/command_line.hpp): the CLI, its tests and the
# fuzzer link it; it runs nothing.
add_library(gpuprobe_cli_options STATIC ${CMAKE_CURRENT_SOURCE_DIR}/cli/command_line.cpp
                                        ${CMAKE_CURRENT_SOURCE_DIR}/cli/memtest_options.cpp
                                        ${CMAKE_CURRENT_SOURCE_DIR}/cli/check_options.cpp
                                        ${CMAKE_CURRENT_SOURCE_DIR}/cli/history_options.cpp
                                        ${CMAKE_CURRENT_SOURCE_DIR}/cli/compare_options.cpp)
target_include_directories(gpuprobe_cli_options PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}
                                                PRIVATE ${CMAKE_CURRENT_BINARY_DIR})
target_compile_options(gpuprobe_cli_options PRIVATE ${GPUPROBE_WARNINGS})
target_link_libraries(gpuprobe_cli_options PUBLIC gpuprobe_core PRIVATE CLI11::CLI11)

include(${CMAKE_CURRENT_SOURCE_DIR}/history/history.cmake)

add_executable(gpuprobe
  ${CMAKE_CURRENT_SOURCE_DIR}/cli/main.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/cli/identity_command.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/cli/progress_printer.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/cli/memtest_command.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/cli/check_command.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/cli/history_command.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/cli/compare_command.cpp)
target_include_directories(gpuprobe PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR})
target_compile_options(gpuprobe PRIVATE ${GPUPROBE_WARNINGS})
target_link_libraries(gpuprobe PRIVATE gpuprobe_core gpuprobe_cli_options gpuprobe_history
                                       nlohmann_json::nlohmann_json)

# Building the CLI builds every plugin it can load (registered by gpuprobe_add_backend,
# which runs later, so resolve the list at the end of configuration).
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL gpuprobe_link_backends_to gpuprobe)
