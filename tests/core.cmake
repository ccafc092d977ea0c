# Core tests: statistics, results, loader, Session, CLI, and backend conformance.

# Fake plugins, one per directory (under FAKE_PLUGIN_ROOT, tests/CMakeLists.txt) so a Session
# can be pointed at exactly one of them.
add_library(fake_dependency SHARED ${CMAKE_CURRENT_SOURCE_DIR}/fake_plugins/fake_dependency.c)
set_target_properties(fake_dependency PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${FAKE_PLUGIN_ROOT}/dependency)
set(fake_variants good wrong_abi old_abi no_entry init_fails needs_library no_telemetry)
foreach(variant ${fake_variants})
  set(target fake_plugin_${variant})
  add_library(${target} MODULE ${CMAKE_CURRENT_SOURCE_DIR}/fake_plugins/fake_plugin.cpp)
  target_include_directories(${target} PRIVATE ${CMAKE_SOURCE_DIR}/include)
  target_link_libraries(${target} PRIVATE gpuprobe_backend_kit)
  set_target_properties(${target} PROPERTIES PREFIX "" OUTPUT_NAME gpuprobe-backend-fake
                        LIBRARY_OUTPUT_DIRECTORY ${FAKE_PLUGIN_ROOT}/${variant}
                        CXX_VISIBILITY_PRESET hidden)
  string(TOUPPER ${variant} upper)
  target_compile_definitions(${target} PRIVATE FAKE_${upper})
endforeach()
target_link_libraries(fake_plugin_needs_library PRIVATE fake_dependency)
# No RPATH: at run time the dependency cannot be found, which is the point of the test.
set_target_properties(fake_plugin_needs_library PROPERTIES SKIP_BUILD_RPATH ON)

set(core_test_libs gpuprobe_core gpuprobe_backend_kit nlohmann_json::nlohmann_json)
gpuprobe_add_test(statistics_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/statistics_test.cpp LIBS ${core_test_libs})
gpuprobe_add_test(result_io_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/result_io_test.cpp LIBS ${core_test_libs})
gpuprobe_add_test(result_writer_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/result_writer_test.cpp LIBS ${core_test_libs})
gpuprobe_add_test(utf8_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/utf8_test.cpp LIBS nlohmann_json::nlohmann_json)
gpuprobe_add_test(plugin_loader_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/plugin_loader_test.cpp LIBS ${core_test_libs})
gpuprobe_add_test(session_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/session_test.cpp LIBS ${core_test_libs}
                  LABELS tsan)
gpuprobe_add_test(cli_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/cli_test.cpp LIBS ${core_test_libs}
                  LABELS tsan)
# Conformance is correctness only (two small samples per point, no figure or time asserted),
# as the mutation tests are: it shares the machine like them.
gpuprobe_add_test(conformance_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/conformance_test.cpp
                  LIBS ${core_test_libs} gpuprobe_expected_unsupported)
foreach(t statistics_test result_io_test result_writer_test plugin_loader_test session_test cli_test conformance_test)
  target_include_directories(${t} PRIVATE ${CMAKE_SOURCE_DIR}/probe)
endforeach()
foreach(variant ${fake_variants})
  add_dependencies(plugin_loader_test fake_plugin_${variant})
  add_dependencies(session_test fake_plugin_${variant})
endforeach()
add_dependencies(cli_test gpuprobe fake_plugin_good)
add_dependencies(result_writer_test fake_plugin_good)
add_dependencies(conformance_test gpuprobe)

gpuprobe_add_test(sustained_load_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/sustained_load_test.cpp
                  LIBS ${core_test_libs})
add_dependencies(sustained_load_test fake_plugin_good gpuprobe-worker)

gpuprobe_add_test(buyer_verdict_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/buyer_verdict_test.cpp
                  LIBS ${core_test_libs})

gpuprobe_add_test(analysis_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/analysis_test.cpp LIBS ${core_test_libs})

# The Vulkan conformance points once more with the validation layers on: any validation
# message fails the point (the plugin turns it into an error). Where the filter selects no
# point (no Vulkan device at run time) the run fails: no test passed (run_all_tests.hpp).
if(TARGET gpuprobe-backend-vulkan)
  add_test(NAME conformance_vulkan_with_validation COMMAND conformance_test --gtest_filter=Conformance_vulkan_*)
  set_tests_properties(conformance_vulkan_with_validation PROPERTIES ENVIRONMENT "GPUPROBE_VK_VALIDATION=1"
                                                                     TIMEOUT 600)
endif()

# Proof by mutation: every kernel, every backend, every fault of GPUPROBE_FAULT must fail
# verification (needs the kit's fault.hpp for the fault names).
# Label mutation: CI runs these two at a time (they time nothing; the rest runs alone).
gpuprobe_add_test(mutation_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/mutation_test.cpp
                  LIBS ${core_test_libs} gpuprobe_expected_unsupported LABELS mutation)
target_include_directories(mutation_test PRIVATE ${CMAKE_SOURCE_DIR}/probe)
add_dependencies(mutation_test gpuprobe)
gpuprobe_add_test(suite_plan_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/suite_plan_test.cpp LIBS ${core_test_libs})
target_include_directories(suite_plan_test PRIVATE ${CMAKE_SOURCE_DIR}/probe)
