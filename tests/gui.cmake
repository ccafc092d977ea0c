# GUI tests: the data model without a window (always, where gui/ is configured), and the
# window itself under Xvfb through the scripted mode (where the GUI was built and
# xvfb-run exists). With gui in GPUPROBE_REQUIRE, leaving the window tests out is a
# configure error, and at run time a missing Xvfb or display fails them (the script
# fails on any exit status of xvfb-run; it has no skip).

if(NOT TARGET gpuprobe_gui_model)
  return()
endif()

gpuprobe_add_test(gui_model_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/gui_model_test.cpp
                  LIBS gpuprobe_gui_model gpuprobe_core LABELS tsan)
target_include_directories(gui_model_test PRIVATE ${CMAKE_SOURCE_DIR}/probe)  # the fixture's

if(NOT TARGET gpuprobe-gui)
  gpuprobe_missing(gui MISSING "the GUI is not built" EFFECT "GUI window tests skipped"
                   INSTALL "libimgui-dev libglfw3-dev libstb-dev")
  return()
endif()
# Output paths are checked before a window opens, so this needs no display.
add_test(NAME gui_outputs_checked_before_the_run
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/gui_options_test.sh $<TARGET_FILE:gpuprobe-gui>)
set_tests_properties(gui_outputs_checked_before_the_run PROPERTIES TIMEOUT 60)

find_program(GPUPROBE_XVFB_RUN xvfb-run)
if(NOT GPUPROBE_XVFB_RUN)
  gpuprobe_missing(gui MISSING "xvfb-run not found" EFFECT "GUI window tests skipped"
                   INSTALL "xvfb xauth")
  return()
endif()

# Screenshots and saved results stay here after the tests, as artefacts to look at.
set(GUI_ARTIFACTS ${CMAKE_BINARY_DIR}/gui-test-artifacts)
set(gui_script ${CMAKE_CURRENT_SOURCE_DIR}/gui_screenshot_test.sh)

# Two scripted runs keep the suite near two minutes on two cores: the CPU device runs the
# kernels behind every chart (bandwidth, latency curve, latency hiding, matmul); then the
# (PoCL) OpenCL device runs a cheaper set next to the CPU's saved result, opened with
# --load, so the screenshots show both devices, one column from a file. PoCL's DRAM-sized
# read and its latency-hiding sweep take minutes on their own, so they stay out.
if(NOT TARGET gpuprobe-backend-cpu)
  if("gui" IN_LIST GPUPROBE_REQUIRE)
    message(FATAL_ERROR "gpuprobe: gui is required (GPUPROBE_REQUIRE) but its window tests run on "
                        "the CPU backend, which is not built (configure with GPUPROBE_WITH_CPU=ON)")
  endif()
  message(STATUS "gpuprobe: GUI window tests skipped: they run on the CPU backend, which is not built")
  return()
endif()
set(second_backend cpu)
if(TARGET gpuprobe-backend-opencl)
  set(second_backend opencl)
endif()

add_test(NAME gui_scripted_run_cpu
         COMMAND sh ${gui_script} run $<TARGET_FILE:gpuprobe-gui> ${GUI_ARTIFACTS} cpu
                 read,pointer_chase,latency_hiding,matmul_tiled --backend cpu)
set_tests_properties(gui_scripted_run_cpu PROPERTIES FIXTURES_SETUP gui_cpu TIMEOUT 300 RUN_SERIAL ON)
add_test(NAME gui_scripted_run
         COMMAND sh ${gui_script} run $<TARGET_FILE:gpuprobe-gui> ${GUI_ARTIFACTS} run
                 pointer_chase,matmul_tiled,launch_latency,transfer_h2d
                 --load ${GUI_ARTIFACTS}/cpu.json --backend ${second_backend})
set_tests_properties(gui_scripted_run PROPERTIES FIXTURES_REQUIRED gui_cpu FIXTURES_SETUP gui_run TIMEOUT 300
                                                 RUN_SERIAL ON)

add_test(NAME gui_scripted_bad_files COMMAND sh ${gui_script} load $<TARGET_FILE:gpuprobe-gui> ${GUI_ARTIFACTS})
set_tests_properties(gui_scripted_bad_files PROPERTIES FIXTURES_REQUIRED gui_run FIXTURES_SETUP gui_load TIMEOUT 120)

add_test(NAME gui_close_during_run
         COMMAND sh ${gui_script} close $<TARGET_FILE:gpuprobe-gui> ${GUI_ARTIFACTS} --backend cpu)
set_tests_properties(gui_close_during_run PROPERTIES TIMEOUT 240 RUN_SERIAL ON)

# The "Why CUDA wins" layout for one NVIDIA card through CUDA, OpenCL and Vulkan, from the
# TEST FIXTURE document (tests/why_cuda_fixture.hpp; made-up figures, never shown as measured).
add_executable(why_cuda_fixture_writer ${CMAKE_CURRENT_SOURCE_DIR}/why_cuda_fixture_writer.cpp)
target_include_directories(why_cuda_fixture_writer PRIVATE ${CMAKE_SOURCE_DIR}/probe)
target_compile_options(why_cuda_fixture_writer PRIVATE ${GPUPROBE_WARNINGS})
target_link_libraries(why_cuda_fixture_writer PRIVATE gpuprobe_core)
add_test(NAME gui_why_cuda_fixture
         COMMAND sh -c "mkdir -p \"$2\" && \"$0\" \"$2/why-cuda-fixture.json\" && \
xvfb-run -a -s '-screen 0 1280x800x24' \"$1\" --load \"$2/why-cuda-fixture.json\" --panel why-cuda \
--screenshot \"$2/why-cuda-fixture.png\" --exit && test -s \"$2/why-cuda-fixture.png\""
                 $<TARGET_FILE:why_cuda_fixture_writer> $<TARGET_FILE:gpuprobe-gui> ${GUI_ARTIFACTS})
set_tests_properties(gui_why_cuda_fixture PROPERTIES TIMEOUT 60 RUN_SERIAL ON
                     ENVIRONMENT XDG_CONFIG_HOME=${GUI_ARTIFACTS}/config)

add_test(NAME gui_redraws_during_run
         COMMAND sh ${gui_script} redraw $<TARGET_FILE:gpuprobe-gui> ${GUI_ARTIFACTS} ${FAKE_PLUGIN_ROOT}/good)
set_tests_properties(gui_redraws_during_run PROPERTIES TIMEOUT 120 RUN_SERIAL ON)

# The Buyer's check panel: the check run from the window (seconds of load, MiB of memory) on
# the CPU backend and with a memory fault, its verdict printed and shot.
add_test(NAME gui_buyers_check
         COMMAND sh ${gui_script} check $<TARGET_FILE:gpuprobe-gui> ${GUI_ARTIFACTS})
set_tests_properties(gui_buyers_check PROPERTIES TIMEOUT 240 RUN_SERIAL ON)

# Reads the PNGs back with stb_image: after the scripted tests have written them.
add_executable(gui_screenshot_test ${CMAKE_CURRENT_SOURCE_DIR}/gui_screenshot_test.cpp)
target_include_directories(gui_screenshot_test PRIVATE ${CMAKE_SOURCE_DIR}/include)
target_compile_options(gui_screenshot_test PRIVATE ${GPUPROBE_WARNINGS})
target_compile_definitions(gui_screenshot_test PRIVATE GPUPROBE_GUI_ARTIFACTS="${GUI_ARTIFACTS}")
target_link_libraries(gui_screenshot_test PRIVATE gpuprobe_test_main gpuprobe_core PkgConfig::GPUPROBE_STB)
add_dependencies(gui_screenshot_test gpuprobe-gui)
# One fixture name (a list would not survive gtest_discover_tests' PROPERTIES): gui_load's
# setup requires gui_run, which requires gui_cpu, so CTest runs the whole chain first.
gtest_discover_tests(gui_screenshot_test DISCOVERY_TIMEOUT 60 PROPERTIES FIXTURES_REQUIRED gui_load TIMEOUT 120
                     RUN_SERIAL ON)
