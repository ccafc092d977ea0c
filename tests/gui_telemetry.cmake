# The GUI model's telemetry hover text, on a document marked as a test fixture.
if(TARGET gpuprobe_gui_model)
  gpuprobe_add_test(gui_telemetry_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/gui_telemetry_test.cpp
                    LIBS gpuprobe_gui_model gpuprobe_core)
  target_include_directories(gui_telemetry_test PRIVATE ${CMAKE_SOURCE_DIR}/probe)
endif()
