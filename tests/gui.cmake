# GUI tests: the data model without a window (always, where gui/ is configured), and the
# window itself under Xvfb through the scripted mode (where the GUI was built and
# xvfb-run exists).

if(NOT TARGET gpuprobe_gui_model)
  return()
endif()

gpuprobe_add_test(gui_model_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/gui_model_test.cpp
                  LIBS gpuprobe_gui_model gpuprobe_core)

if(NOT TARGET gpuprobe-gui)
  message(STATUS "gpuprobe: GUI window tests skipped: the GUI is not built")
  return()
endif()
find_program(GPUPROBE_XVFB_RUN xvfb-run)
if(NOT GPUPROBE_XVFB_RUN)
  message(STATUS "gpuprobe: GUI window tests skipped: xvfb-run not found (install xvfb xauth)")
  return()
endif()

# Screenshots and saved results stay here after the tests, as artefacts to look at.
set(GUI_ARTIFACTS ${CMAKE_BINARY_DIR}/gui-test-artifacts)
set(gui_script ${CMAKE_CURRENT_SOURCE_DIR}/gui_screenshot_test.sh)

# The CPU and (PoCL) OpenCL devices, where those plugins are built. A small kernel set
# keeps the run short on two cores: one bandwidth kernel, the latency curve, the
# latency-hiding curve and one matmul.
set(gui_backends "")
foreach(backend cpu opencl)
  if(TARGET gpuprobe-backend-${backend})
    list(APPEND gui_backends --backend ${backend})
  endif()
endforeach()
set(gui_kernels read,pointer_chase,latency_hiding,matmul_tiled)

add_test(NAME gui_scripted_run
         COMMAND sh ${gui_script} run $<TARGET_FILE:gpuprobe-gui> ${GUI_ARTIFACTS} ${gui_kernels} ${gui_backends})
set_tests_properties(gui_scripted_run PROPERTIES FIXTURES_SETUP gui_run TIMEOUT 600 RUN_SERIAL ON)

add_test(NAME gui_scripted_bad_files COMMAND sh ${gui_script} load $<TARGET_FILE:gpuprobe-gui> ${GUI_ARTIFACTS})
set_tests_properties(gui_scripted_bad_files PROPERTIES FIXTURES_REQUIRED gui_run FIXTURES_SETUP gui_load TIMEOUT 120)

if(TARGET gpuprobe-backend-cpu)
  add_test(NAME gui_close_during_run
           COMMAND sh ${gui_script} close $<TARGET_FILE:gpuprobe-gui> ${GUI_ARTIFACTS} --backend cpu)
  set_tests_properties(gui_close_during_run PROPERTIES TIMEOUT 240 RUN_SERIAL ON)
endif()

# Reads the PNGs back with stb_image: after the scripted tests have written them.
add_executable(gui_screenshot_test ${CMAKE_CURRENT_SOURCE_DIR}/gui_screenshot_test.cpp)
target_include_directories(gui_screenshot_test PRIVATE ${CMAKE_SOURCE_DIR}/include)
target_compile_options(gui_screenshot_test PRIVATE ${GPUPROBE_WARNINGS})
target_compile_definitions(gui_screenshot_test PRIVATE GPUPROBE_GUI_ARTIFACTS="${GUI_ARTIFACTS}")
target_link_libraries(gui_screenshot_test PRIVATE GTest::gtest_main gpuprobe_core PkgConfig::GPUPROBE_STB)
add_dependencies(gui_screenshot_test gpuprobe-gui)
gtest_discover_tests(gui_screenshot_test DISCOVERY_TIMEOUT 60
                     PROPERTIES FIXTURES_REQUIRED "gui_run;gui_load" TIMEOUT 120)
