# Worker isolation: the faulty plugin (crashes, aborts, hangs, returns garbage), the worker
# protocol, and the CLI's signal handling, driven through the Session and the real binary.
add_library(fake_plugin_faulty MODULE ${CMAKE_CURRENT_SOURCE_DIR}/fake_plugins/faulty_plugin.cpp)
target_include_directories(fake_plugin_faulty PRIVATE ${CMAKE_SOURCE_DIR}/include)
target_compile_options(fake_plugin_faulty PRIVATE ${GPUPROBE_WARNINGS})
target_link_libraries(fake_plugin_faulty PRIVATE gpuprobe_backend_kit)
set_target_properties(fake_plugin_faulty PROPERTIES PREFIX "" OUTPUT_NAME gpuprobe-backend-faulty
                      LIBRARY_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/fake_plugins/faulty
                      CXX_VISIBILITY_PRESET hidden)

gpuprobe_add_test(isolation_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/isolation_test.cpp
                  LIBS gpuprobe_core gpuprobe_backend_kit nlohmann_json::nlohmann_json
                  LABELS tsan)
target_include_directories(isolation_test PRIVATE ${CMAKE_SOURCE_DIR}/probe)
add_dependencies(isolation_test fake_plugin_faulty fake_plugin_good gpuprobe gpuprobe-worker)

# The GUI's window closed while a point hangs (needs the window and xvfb-run).
find_program(GPUPROBE_XVFB_RUN xvfb-run)
if(TARGET gpuprobe-gui AND GPUPROBE_XVFB_RUN)
  add_test(NAME gui_close_during_hung_point
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/isolation_gui_close.sh $<TARGET_FILE:gpuprobe-gui>
                   ${CMAKE_CURRENT_BINARY_DIR}/fake_plugins/faulty ${CMAKE_BINARY_DIR}/gui-test-artifacts)
  set_tests_properties(gui_close_during_hung_point PROPERTIES TIMEOUT 180 RUN_SERIAL ON)
  # A GUI run over the faulty plugin with one of its workers killed mid-run.
  add_test(NAME gui_survives_faulty_plugin_and_killed_worker
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/isolation_gui_faulty.sh $<TARGET_FILE:gpuprobe-gui>
                   ${CMAKE_CURRENT_BINARY_DIR}/fake_plugins/faulty ${CMAKE_BINARY_DIR}/gui-test-artifacts)
  set_tests_properties(gui_survives_faulty_plugin_and_killed_worker PROPERTIES TIMEOUT 200 RUN_SERIAL ON)
  # --point-timeout-s and --in-process reach the GUI's Session.
  add_test(NAME gui_point_timeout_and_in_process
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/isolation_gui_options.sh $<TARGET_FILE:gpuprobe-gui>
                   ${CMAKE_CURRENT_BINARY_DIR}/fake_plugins/faulty ${CMAKE_BINARY_DIR}/gui-test-artifacts)
  set_tests_properties(gui_point_timeout_and_in_process PROPERTIES TIMEOUT 200 RUN_SERIAL ON)
  add_dependencies(isolation_test gpuprobe-gui)
endif()
