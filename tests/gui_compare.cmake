# The Files panel's comparison: its model always (where gui/ is configured), and the window
# under Xvfb on two crafted files (tests/compare_fixture.hpp), where the GUI is built.
if(NOT TARGET gpuprobe_gui_model)
  return()
endif()
gpuprobe_add_test(gui_compare_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/gui_compare_test.cpp
                  LIBS gpuprobe_gui_model gpuprobe_core)
target_include_directories(gui_compare_test PRIVATE ${CMAKE_SOURCE_DIR}/probe)

find_program(GPUPROBE_XVFB_RUN xvfb-run)
if(NOT TARGET gpuprobe-gui OR NOT GPUPROBE_XVFB_RUN)
  return()  # gui.cmake says what is missing
endif()
# The scripted run logs the comparison it drew next to the screenshot's path; the PNG stays
# in gui-test-artifacts/compare/ to look at.
add_test(NAME gui_files_comparison
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/gui_compare_test.sh $<TARGET_FILE:compare_fixture_writer>
                 $<TARGET_FILE:gpuprobe-gui> ${CMAKE_BINARY_DIR}/gui-test-artifacts/compare)
set_tests_properties(gui_files_comparison PROPERTIES TIMEOUT 60 RUN_SERIAL ON)
