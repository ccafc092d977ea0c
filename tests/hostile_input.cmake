# Hostile input (issue 9, item 5): the strict option parser and the command line as a pure
# function, the result reader's checks on files, and the plugin search's notes.
gpuprobe_add_test(command_line_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/command_line_test.cpp
                  LIBS gpuprobe_cli_options)
