# Hostile input (issue 9, item 5): the strict option parser and the command line as a pure
# function, the result reader's checks on files, and the plugin search's notes.
gpuprobe_add_test(command_line_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/command_line_test.cpp
                  LIBS gpuprobe_cli_options)
gpuprobe_add_test(result_reader_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/result_reader_test.cpp
                  LIBS gpuprobe_core gpuprobe_backend_kit nlohmann_json::nlohmann_json)
target_include_directories(result_reader_test PRIVATE ${CMAKE_SOURCE_DIR}/probe)
if(TARGET gpuprobe-gui)
  gpuprobe_add_test(gui_options_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/gui_options_test.cpp)
  add_dependencies(gui_options_test gpuprobe-gui)
endif()
gpuprobe_add_test(plugin_search_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/plugin_search_test.cpp
                  LIBS gpuprobe_core gpuprobe_backend_kit)
target_include_directories(plugin_search_test PRIVATE ${CMAKE_SOURCE_DIR}/probe)
add_dependencies(plugin_search_test fake_plugin_good fake_plugin_no_entry)
