# GUI tests: the data model without a window (always, where gui/ is configured), and the
# window itself under Xvfb through the scripted mode (where the GUI was built and
# xvfb-run exists).

if(NOT TARGET gpuprobe_gui_model)
  return()
endif()

gpuprobe_add_test(gui_model_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/gui_model_test.cpp
                  LIBS gpuprobe_gui_model gpuprobe_core)
