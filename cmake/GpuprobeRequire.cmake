# GPUPROBE_REQUIRE: the components a build must have, e.g. "cpu;opencl;vulkan;gui" (CI).
#
# Without it a component whose packages are missing is left out with a STATUS line, so any
# machine builds what it can. With it, a listed component's missing package is a configure
# error naming the Debian package, and the tests (which get the list as GPUPROBE_REQUIRED)
# count a listed backend that fails to load, initialise or report a device as a failure,
# never a skip: CI cannot pass by testing nothing.
#
# cuda_build is a build-only requirement: the CUDA plugin must be built (a missing toolkit is a
# configure error), but it is not a backend the tests require at run time (CI has no GPU);
# "cuda" requires both.
set(GPUPROBE_REQUIRE "" CACHE STRING
    "Components that must be built and tested (any of cpu;opencl;vulkan;gui;cuda;cuda_build); a missing one is an error")

set(GPUPROBE_COMPONENTS cpu opencl vulkan gui)
if(EXISTS ${CMAKE_SOURCE_DIR}/backends/cuda/CMakeLists.txt)
  list(APPEND GPUPROBE_COMPONENTS cuda cuda_build)
endif()
foreach(component IN LISTS GPUPROBE_REQUIRE)
  if(NOT component IN_LIST GPUPROBE_COMPONENTS)
    list(JOIN GPUPROBE_COMPONENTS ", " known)
    message(FATAL_ERROR "gpuprobe: GPUPROBE_REQUIRE names an unknown component '${component}' "
                        "(known here: ${known}; separate them with ';')")
  endif()
  string(TOUPPER ${component} upper)
  string(REGEX REPLACE "_BUILD$" "" upper ${upper})  # cuda_build: GPUPROBE_WITH_CUDA
  if(NOT GPUPROBE_WITH_${upper})
    message(FATAL_ERROR "gpuprobe: GPUPROBE_REQUIRE lists ${component} but GPUPROBE_WITH_${upper} is OFF")
  endif()
endforeach()
# For the tests' compile definition (a ';' would split it into two definitions);
# tests/required_components.hpp leaves the build-only cuda_build out of the backends.
list(JOIN GPUPROBE_REQUIRE "," GPUPROBE_REQUIRED_CSV)

# gpuprobe_missing(<component> MISSING <what was not found> EFFECT <what is left out>
#                  INSTALL <Debian packages>)
# A lookup that failed: a configure error when <component> is required, else a STATUS line
# (the caller then leaves out the component or the feature).
function(gpuprobe_missing component)
  cmake_parse_arguments(ARG "" "MISSING;EFFECT;INSTALL" "" ${ARGN})
  if(component IN_LIST GPUPROBE_REQUIRE)
    set(setup " (./scripts/setup.sh installs them)")
    if(component MATCHES "^cuda")
      set(setup "")  # the CUDA toolkit is not a Debian package setup.sh installs
    endif()
    message(FATAL_ERROR "gpuprobe: ${component} is required (GPUPROBE_REQUIRE) but ${ARG_MISSING}: "
                        "install ${ARG_INSTALL}${setup}")
  endif()
  message(STATUS "gpuprobe: ${ARG_EFFECT}: ${ARG_MISSING} (install ${ARG_INSTALL})")
endfunction()
